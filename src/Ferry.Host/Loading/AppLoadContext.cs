using System.Reflection;
using System.Runtime.Loader;
using Ferry.Runtime;

namespace Ferry.Host.Loading;

/// <summary>
/// The woven app's assemblies, loaded from the woven directory. Ferry.Runtime (and the Ferry
/// assemblies it brings) and the framework come from the default context, so the app's woven code and
/// the host share one copy of the runtime's statics (the capture gate, the thread registry).
/// </summary>
internal sealed class AppLoadContext : AssemblyLoadContext
{
    private static readonly HashSet<string> s_shared = SharedAssemblyNames();
    private readonly AssemblyDependencyResolver _resolver;

    public AppLoadContext(string appPath) : base("ferry-app", isCollectible: false)
    {
        AppPath = Path.GetFullPath(appPath);
        _resolver = new AssemblyDependencyResolver(AppPath);
    }

    public string AppPath { get; }

    /// <summary>Load the app's main assembly.</summary>
    public Assembly LoadApp() => LoadFromAssemblyPath(AppPath);

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is { } name && s_shared.Contains(name)) return null;
        var path = _resolver.ResolveAssemblyToPath(assemblyName);
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }

    /// <summary>Ferry.Runtime and the Ferry assemblies it references: never loaded twice.</summary>
    private static HashSet<string> SharedAssemblyNames()
    {
        var runtime = typeof(AppProcess).Assembly;
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { runtime.GetName().Name! };
        var pending = new Queue<Assembly>([runtime]);
        while (pending.TryDequeue(out var assembly))
        {
            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                if (reference.Name is not { } name || !name.StartsWith("Ferry.", StringComparison.Ordinal) || !names.Add(name)) continue;
                pending.Enqueue(Default.LoadFromAssemblyName(reference));
            }
        }
        return names;
    }
}
