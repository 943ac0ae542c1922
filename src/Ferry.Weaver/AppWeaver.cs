using System.Reflection;
using Ferry.Weaver.Analysis;
using Ferry.Weaver.Barriers;
using Ferry.Weaver.Instrumentation;
using Ferry.Weaver.Interception;
using Ferry.Weaver.Planning;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Mono.Cecil;

namespace Ferry.Weaver;

/// <summary>
/// Rewrites an application's own assemblies so that Ferry can capture it: interception (the
/// table), statics made restorable, and capture instrumentation of every method that can reach a
/// safe point. The app directory is copied whole; only the app's assemblies are replaced.
/// </summary>
public sealed class AppWeaver
{
    /// <summary>Marker put on woven assemblies (AssemblyMetadata key).</summary>
    public const string WovenMarker = "Ferry.Woven";

    /// <summary>Marker put on assemblies woven with write barriers (AssemblyMetadata key; value "1").</summary>
    public const string WriteBarriersMarker = "Ferry.WriteBarriers";

    /// <summary>Set to 0 when apps are woven: without write barriers (then pre-copy refuses the app). On by default — see <see cref="WriteBarriers"/>.</summary>
    public const string WriteBarriersVariable = "FERRY_WRITE_BARRIERS";

    /// <summary>
    /// Weave write barriers (DirtyTracker marks) into the app, which pre-copy needs to know what changed between
    /// rounds. On unless <c>FERRY_WRITE_BARRIERS=0</c>: with loops' barriers kept out of line
    /// (<see cref="Barriers.BarrierLoopSplitter"/>) they cost Loops 1.25× woven ÷ plain against 1.16× without
    /// (bench/README.md). Without them a move stops the app for one full image (stop-and-copy).
    /// </summary>
    public bool WriteBarriers { get; init; } = Environment.GetEnvironmentVariable(WriteBarriersVariable) != "0";

    /// <summary>
    /// What the woven output depends on: <see cref="Version"/> and the options (woven-app caches key on it).
    /// "-wb2": barriers with split loops, on by default (apps cached before are woven again).
    /// </summary>
    public string OutputVersion => WriteBarriers ? Version + "-wb2" : Version;

    private readonly ILogger _logger;

    public AppWeaver(ILogger? logger = null) => _logger = logger ?? NullLogger.Instance;

    /// <summary>A version that changes whenever the weaver or the runtime it targets is rebuilt.</summary>
    public static string Version { get; } =
        $"{typeof(AppWeaver).Assembly.ManifestModule.ModuleVersionId:N}-{typeof(Ferry.Runtime.Capture.FrameStack).Assembly.ManifestModule.ModuleVersionId:N}";

    public WeaveResult WeaveApp(string appDllPath, string outputDir)
    {
        var appDll = Path.GetFullPath(appDllPath);
        if (!File.Exists(appDll)) throw new WeavingException($"{appDllPath}: no such file");
        var appDir = Path.GetDirectoryName(appDll)!;

        var candidates = Directory.GetFiles(appDir, "*.dll")
            .Where(f => !Path.GetFileName(f).StartsWith("Ferry.", StringComparison.OrdinalIgnoreCase))
            .Where(f => IsManagedAssembly(f))
            .ToList();
        if (!candidates.Contains(appDll, StringComparer.Ordinal))
            throw new WeavingException($"{appDllPath}: not a .NET assembly");

        using var resolver = new DefaultAssemblyResolver();
        resolver.AddSearchDirectory(appDir);
        resolver.AddSearchDirectory(Path.GetDirectoryName(typeof(object).Assembly.Location)!);
        resolver.AddSearchDirectory(Path.GetDirectoryName(RuntimeModule.DefaultPath)!);
        using var runtime = new RuntimeModule(RuntimeModule.DefaultPath);

        var modules = new List<ModuleDefinition>();
        try
        {
            foreach (var file in candidates)
            {
                var module = ModuleDefinition.ReadModule(file, new ReaderParameters { AssemblyResolver = resolver, ReadSymbols = false, InMemory = true });
                if (IsWoven(module) || IsReferenceAssembly(module))
                {
                    module.Dispose();
                    continue;
                }
                modules.Add(module);
            }
            var entry = modules.FirstOrDefault(m => string.Equals(Path.GetFullPath(m.FileName), appDll, StringComparison.Ordinal))
                ?? throw new WeavingException($"{appDllPath}: already woven or a reference assembly");
            if (entry.EntryPoint is null) throw new WeavingException($"{appDllPath}: has no entry point (not an application)");

            var apis = modules.ToDictionary(m => m, m => new RuntimeApi(m, runtime));
            var intercepted = 0;
            foreach (var module in modules)
            {
                var rewriter = new InterceptionRewriter(apis[module]);
                foreach (var type in module.GetTypes())
                foreach (var method in type.Methods)
                    rewriter.Rewrite(method);
                intercepted += rewriter.Count;
            }
            // Write barriers after interception: a call redirected to a blocking shim is a capture site, not a write.
            var woven = modules.Select(m => m.Assembly.Name.Name).ToHashSet(StringComparer.Ordinal);
            var barriers = 0;
            var splitLoops = 0;
            foreach (var module in WriteBarriers ? modules : [])
            {
                var rewriter = new WriteBarrierRewriter(apis[module], woven);
                foreach (var type in module.GetTypes())
                foreach (var method in type.Methods)
                    rewriter.Rewrite(method);
                barriers += rewriter.Count;
                splitLoops += rewriter.SplitLoops;
            }

            var planner = new CapturePlanner(modules);
            planner.Plan();
            var sites = 0;
            var wellKnown = modules.ToDictionary(m => m, m => new WellKnownTypes(m));
            foreach (var method in planner.Capturable.ToList())
            {
                try
                {
                    sites += WeaveBothCopies(method, planner, apis[method.Module], wellKnown[method.Module]);
                }
                catch (Exception e) when (e is WeavingException or InvalidOperationException or ArgumentException)
                {
                    throw new WeavingException($"cannot weave {method.FullName}: {e.Message}");
                }
            }
            // Bodies the planner simplified but nothing instrumented go back to their short forms.
            foreach (var (method, plan) in planner.Plans)
                if (plan.IsWeavable && !planner.Capturable.Contains(method))
                    Mono.Cecil.Rocks.MethodBodyRocks.OptimizeMacros(method.Body);
            foreach (var module in modules)
            foreach (var type in module.GetTypes())
                StaticsPreparer.Prepare(type, apis[module]);

            Directory.CreateDirectory(outputDir);
            CopyDirectory(appDir, outputDir);
            var written = new List<string>();
            foreach (var module in modules)
            {
                Mark(module, WovenMarker, Version);
                if (WriteBarriers) Mark(module, WriteBarriersMarker, "1");
                var target = Path.Combine(outputDir, Path.GetFileName(module.FileName));
                module.Write(target);
                written.Add(module.Assembly.Name.Name);
            }
            _logger.LogInformation("Woven {Assemblies} assemblies: {Methods} capturable methods, {Sites} capture sites, {Intercepted} intercepted calls, {Barriers} write barriers ({SplitLoops} loops with a slow copy)",
                written.Count, planner.Capturable.Count, sites, intercepted, barriers, splitLoops);
            return new WeaveResult(outputDir, Path.Combine(outputDir, Path.GetFileName(appDll)), written, planner.Capturable.Count, sites, false);
        }
        finally
        {
            foreach (var m in modules) m.Dispose();
        }
    }

    /// <summary>
    /// The method becomes the fast copy and <c>M$resume</c> the resumable one (see
    /// <see cref="ResumableCopy"/>). Both are instrumented from the same body with the same decisions,
    /// so their sites and frame layouts match; a method left with no resumable site needs no copy.
    /// </summary>
    private static int WeaveBothCopies(MethodDefinition method, CapturePlanner planner, RuntimeApi api, WellKnownTypes types)
    {
        var methodId = MethodInstrumenter.MethodId(method);
        var copy = ResumableCopy.Create(method);
        var copyPlan = new MethodPlan(copy, types);
        if (!copyPlan.IsWeavable) throw new WeavingException($"its resumable copy cannot be woven: {copyPlan.NotWeavableReason}");
        var sites = MethodInstrumenter.Instrument(planner.Plans[method], api, planner.Decide, methodId, ResumableCopy.CallReference(method, copy));
        if (sites == 0)
        {
            method.DeclaringType.Methods.Remove(copy);
            return 0;
        }
        var copySites = MethodInstrumenter.Instrument(copyPlan, api, planner.Decide, methodId, forwardTo: null);
        if (copySites != sites) throw new WeavingException($"its resumable copy has {copySites} capture sites, the method {sites}");
        return sites;
    }

    private static void Mark(ModuleDefinition module, string key, string value)
    {
        var corlib = module.TypeSystem.CoreLibrary;
        var attrType = new TypeReference("System.Reflection", "AssemblyMetadataAttribute", module, corlib);
        var ctor = new MethodReference(".ctor", module.TypeSystem.Void, attrType) { HasThis = true };
        ctor.Parameters.Add(new ParameterDefinition(module.TypeSystem.String));
        ctor.Parameters.Add(new ParameterDefinition(module.TypeSystem.String));
        var attr = new CustomAttribute(module.ImportReference(ctor));
        attr.ConstructorArguments.Add(new CustomAttributeArgument(module.TypeSystem.String, key));
        attr.ConstructorArguments.Add(new CustomAttributeArgument(module.TypeSystem.String, value));
        module.Assembly.CustomAttributes.Add(attr);
    }

    private static bool IsWoven(ModuleDefinition module) =>
        module.Assembly.CustomAttributes.Any(a => a.AttributeType.Name == "AssemblyMetadataAttribute"
            && a.ConstructorArguments.Count == 2 && (string)a.ConstructorArguments[0].Value == WovenMarker);

    private static bool IsReferenceAssembly(ModuleDefinition module) =>
        module.Assembly.CustomAttributes.Any(a => a.AttributeType.FullName == "System.Runtime.CompilerServices.ReferenceAssemblyAttribute");

    /// <summary>True for a file with CLI metadata (not a native library that happens to end in .dll).</summary>
    public static bool IsManagedAssembly(string path)
    {
        try
        {
            AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException)
        {
            return false;
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)), overwrite: true);
    }
}
