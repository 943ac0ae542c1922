using System.Reflection;
using System.Runtime.Loader;

namespace Ferry.Bench.Weaving;

/// <summary>
/// One copy of the workloads assembly (plain or woven) in its own load context. Ferry's assemblies and
/// the framework come from the default context, so woven code shares this process's Ferry.Runtime
/// (the capture gate stays 0: nothing is captured, woven code only pays for its checks).
/// </summary>
public sealed class Variant
{
    public const string SuiteType = "BenchWorkloads.Suite";

    private sealed class Context(string name, string directory) : AssemblyLoadContext(name, isCollectible: false)
    {
        protected override Assembly? Load(AssemblyName assemblyName)
        {
            if (assemblyName.Name is not { } simple || simple.StartsWith("Ferry.", StringComparison.Ordinal)) return null;
            var path = Path.Combine(directory, simple + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }

    private Variant(string name, Assembly assembly, IReadOnlyDictionary<string, Func<long>> workloads)
    {
        Name = name;
        Assembly = assembly;
        Workloads = workloads;
    }

    public string Name { get; }
    public Assembly Assembly { get; }

    /// <summary>Every <c>public static long M()</c> of the suite type, as a delegate (same call cost for both variants).</summary>
    public IReadOnlyDictionary<string, Func<long>> Workloads { get; }

    public static Variant Load(string name, string assemblyPath)
    {
        var context = new Context(name, Path.GetDirectoryName(Path.GetFullPath(assemblyPath))!);
        var assembly = context.LoadFromAssemblyPath(Path.GetFullPath(assemblyPath));
        var suite = assembly.GetType(SuiteType, throwOnError: true)!;
        var names = (string[])suite.GetProperty("Names")!.GetValue(null)!;
        var workloads = new Dictionary<string, Func<long>>();
        foreach (var workload in names)
        {
            var method = suite.GetMethod(workload, BindingFlags.Public | BindingFlags.Static, Type.EmptyTypes)
                ?? throw new InvalidOperationException($"{SuiteType}.{workload}() not found");
            workloads[workload] = method.CreateDelegate<Func<long>>();
        }
        return new Variant(name, assembly, workloads);
    }
}
