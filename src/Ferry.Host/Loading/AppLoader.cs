using System.Reflection;

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
        return assembly;
    }
}
