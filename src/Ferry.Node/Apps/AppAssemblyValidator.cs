using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Ferry.Node.Apps;

/// <summary>Checks that a path names a runnable .NET app (an assembly with an entry point) before anything is made for it.</summary>
public static class AppAssemblyValidator
{
    /// <summary>Null when <paramref name="path"/> is a runnable .NET app, otherwise why not (one line).</summary>
    public static string? Problem(string path)
    {
        if (Directory.Exists(path)) return "is a directory, not an assembly";
        if (!File.Exists(path)) return "no such file";
        try
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata) return "not a .NET assembly";
            var metadata = pe.GetMetadataReader();
            if (!metadata.IsAssembly) return "not a .NET assembly (a module without a manifest)";
            if (pe.PEHeaders.CorHeader is not { } cor || cor.EntryPointTokenOrRelativeVirtualAddress == 0)
                return "has no entry point (it is a library, not an app)";
            return null;
        }
        catch (BadImageFormatException)
        {
            return "not a .NET assembly";
        }
        catch (InvalidOperationException)
        {
            return "not a .NET assembly"; // PEReader's answer to a file too short or odd to hold PE headers
        }
        catch (UnauthorizedAccessException)
        {
            return "permission denied";
        }
        catch (IOException e)
        {
            return e.Message;
        }
    }
}
