using System.Reflection;
using Ferry.Runtime;

namespace Ferry.Host.Loading;

/// <summary>Loads a woven app into its <see cref="AppLoadContext"/> and finds what to run.</summary>
internal static class AppLoader
{
    /// <summary>Load the app and return its entry point; the app becomes the process's entry assembly.</summary>
    public static MethodInfo LoadEntryPoint(AppLoadContext context)
    {
        var assembly = Load(context);
        var entry = assembly.EntryPoint
            ?? throw new AppLoadException($"{Path.GetFileName(context.AppPath)} has no entry point (is it a library?)");
        var parameters = entry.GetParameters();
        var acceptable = (parameters.Length == 0 || (parameters.Length == 1 && parameters[0].ParameterType == typeof(string[])))
            && (entry.ReturnType == typeof(void) || entry.ReturnType == typeof(int));
        if (!acceptable) throw new AppLoadException($"the entry point {entry.DeclaringType?.FullName}.{entry.Name} has an unsupported signature");
        return entry;
    }

    /// <summary>Load the app's main assembly (restore needs its types too) and make it the entry assembly.</summary>
    public static Assembly Load(AppLoadContext context)
    {
        if (!File.Exists(context.AppPath)) throw new AppLoadException($"{context.AppPath} does not exist");
        Assembly assembly;
        try
        {
            assembly = context.LoadApp();
        }
        catch (BadImageFormatException e)
        {
            throw new AppLoadException($"{Path.GetFileName(context.AppPath)} is not a .NET assembly", e);
        }
        catch (FileLoadException e)
        {
            throw new AppLoadException($"cannot load {Path.GetFileName(context.AppPath)}: {e.Message}", e);
        }
        // Apps that locate themselves through the entry assembly must find themselves, not the host.
        Assembly.SetEntryAssembly(assembly);
        AppProcess.Initialize([assembly, .. LoadWovenLibraries(context, assembly)], context.AppPath);
        return assembly;
    }

    /// <summary>
    /// The other assemblies the weaver rewrote (the app's own libraries): loaded now, because their types
    /// and statics belong in images as much as the main assembly's do.
    /// </summary>
    private static IEnumerable<Assembly> LoadWovenLibraries(AppLoadContext context, Assembly main)
    {
        var dir = Path.GetDirectoryName(context.AppPath)!;
        foreach (var path in Directory.EnumerateFiles(dir, "*.dll").Order(StringComparer.Ordinal))
        {
            if (path == context.AppPath || Path.GetFileName(path).StartsWith("Ferry.", StringComparison.Ordinal)) continue;
            Assembly library;
            try
            {
                library = context.LoadFromAssemblyPath(path);
            }
            catch (Exception e) when (e is BadImageFormatException or FileLoadException)
            {
                continue; // a native library beside the app
            }
            if (library != main && IsWoven(library)) yield return library;
        }
    }

    /// <summary>The weaver's mark, [assembly: AssemblyMetadata("Ferry.Woven", version)], read without instantiating attributes.</summary>
    private static bool IsWoven(Assembly assembly) =>
        assembly.GetCustomAttributesData().Any(a => a.AttributeType == typeof(AssemblyMetadataAttribute)
            && a.ConstructorArguments is [{ Value: WovenMarker }, ..]);

    /// <summary>Ferry.Weaver.AppWeaver.WovenMarker (the host does not reference the weaver).</summary>
    private const string WovenMarker = "Ferry.Woven";
}
