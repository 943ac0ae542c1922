using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Ferry.Abstractions.Instances;
using Ferry.Images;

namespace Ferry.Node.Apps;

/// <summary>
/// Finds the woven app an image was made from: the exact build its header names (by MVID), looked for
/// where the header's metadata says it ran, then by weaving the original app again (same content, same
/// weaver: same cache entry), then anywhere in the woven-app cache.
/// </summary>
public sealed class ImageAppLocator(WovenAppCache cache, string cacheDir)
{
    /// <summary>The woven main assembly to restore <paramref name="header"/> with; throws <see cref="FileNotFoundException"/> saying what is missing.</summary>
    public string Locate(ImageHeader header)
    {
        if (header.Assemblies.Count == 0) throw new FileNotFoundException("the image names no app assembly");
        header.Metadata.TryGetValue(ImageMetadataKeys.WovenApp, out var woven);
        header.Metadata.TryGetValue(ImageMetadataKeys.App, out var original);
        if (woven is not null && Matches(header, woven)) return woven;
        if (original is not null && File.Exists(original))
        {
            var rewoven = cache.Prepare(original);
            if (Matches(header, rewoven)) return rewoven;
        }
        if (Directory.Exists(cacheDir))
        {
            var name = original ?? woven;
            foreach (var entry in Directory.EnumerateDirectories(cacheDir))
            {
                var candidate = name is not null ? Path.Combine(entry, Path.GetFileName(name)) : FindEntryAssembly(header, entry);
                if (candidate is not null && Matches(header, candidate)) return candidate;
            }
        }
        var from = original ?? woven ?? header.Assemblies[0].Name;
        throw new FileNotFoundException($"the build of the app it was made from ({from}) is not here any more");
    }

    /// <summary>True when every app assembly the header names sits beside <paramref name="appPath"/>, in the same build.</summary>
    public static bool Matches(ImageHeader header, string appPath)
    {
        if (!File.Exists(appPath)) return false;
        var dir = Path.GetDirectoryName(appPath)!;
        return header.Assemblies.All(a => ReadMvid(Path.Combine(dir, a.Name + ".dll")) == a.Mvid);
    }

    private static string? FindEntryAssembly(ImageHeader header, string dir) =>
        header.Assemblies.Select(a => Path.Combine(dir, a.Name + ".dll")).FirstOrDefault(p => AppAssemblyValidator.Problem(p) is null);

    private static Guid? ReadMvid(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata) return null;
            var reader = pe.GetMetadataReader();
            return reader.GetGuid(reader.GetModuleDefinition().Mvid);
        }
        catch (BadImageFormatException)
        {
            return null;
        }
    }
}
