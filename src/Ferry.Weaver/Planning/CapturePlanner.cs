using Ferry.Weaver.Analysis;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Ferry.Weaver.Planning;

/// <summary>
/// Decides which app methods become capturable: those that can reach a safe point (a loop
/// back-edge, a blocking shim, or a call — direct, virtual or through a delegate — to another
/// capturable method) and can be woven at all. Leaf methods stay untouched. Computed as a
/// fixpoint over all app modules together, so calls across the app's assemblies count.
/// </summary>
public sealed class CapturePlanner
{
    private readonly HashSet<ModuleDefinition> _appModules;
    private readonly Dictionary<MethodDefinition, MethodPlan> _plans = new();
    private readonly HashSet<MethodDefinition> _capturable = new();
    private readonly HashSet<MethodDefinition> _delegateTargets = new();
    private readonly Dictionary<string, List<MethodDefinition>> _virtualsByName = new();
    private readonly Dictionary<MethodReference, MethodDefinition?> _resolved = new();
    private bool _anyDelegateTargetCapturable;

    public CapturePlanner(IEnumerable<ModuleDefinition> appModules) => _appModules = appModules.ToHashSet();

    public IReadOnlyDictionary<MethodDefinition, MethodPlan> Plans => _plans;
    public IReadOnlySet<MethodDefinition> Capturable => _capturable;

    public void Plan()
    {
        foreach (var module in _appModules)
        {
            var types = new WellKnownTypes(module);
            foreach (var type in module.GetTypes())
            foreach (var method in type.Methods)
            {
                if (!method.HasBody) continue;
                _plans[method] = new MethodPlan(method, types);
                foreach (var ins in method.Body.Instructions)
                    if (ins.OpCode.Code is Code.Ldftn or Code.Ldvirtftn && Resolve((MethodReference)ins.Operand) is { } target && IsApp(target))
                        _delegateTargets.Add(target);
                if (method.IsVirtual)
                {
                    var key = VirtualKey(method);
                    if (!_virtualsByName.TryGetValue(key, out var list)) _virtualsByName[key] = list = new();
                    list.Add(method);
                }
            }
        }

        bool changed;
        do
        {
            changed = false;
            foreach (var (method, plan) in _plans)
            {
                if (!plan.IsWeavable || _capturable.Contains(method)) continue;
                if (plan.Sites.Any(s => !s.InHandler && s.Savable && (s.IsBackEdge || MayUnwind(s.Instruction))))
                {
                    _capturable.Add(method);
                    if (_delegateTargets.Contains(method)) _anyDelegateTargetCapturable = true;
                    changed = true;
                }
            }
        } while (changed);
    }

    /// <summary>What to do at a site of a capturable method (null: leave it alone).</summary>
    public SiteKind? Decide(CandidateSite site)
    {
        if (site.IsBackEdge) return !site.InHandler && site.Savable ? SiteKind.Poll : null;
        if (!MayUnwind(site.Instruction)) return null;
        return !site.InHandler && site.Savable ? SiteKind.Capture : SiteKind.Decline;
    }

    /// <summary>Can the callee of this call return while its thread is unwinding?</summary>
    public bool MayUnwind(Instruction call)
    {
        var reference = (MethodReference)call.Operand;
        var target = Resolve(reference);
        if (target is not null && IsApp(target))
        {
            if (_capturable.Contains(target)) return true;
            return call.OpCode.Code == Code.Callvirt && target.IsVirtual && AnyOverrideCapturable(target);
        }
        if (target is not null && target.CustomAttributes.Any(a => a.AttributeType.FullName == "Ferry.Runtime.Capture.CapturableAttribute"))
            return true; // a blocking shim
        if (reference.Name == "Invoke" && IsDelegate(reference.DeclaringType)) return _anyDelegateTargetCapturable;
        if (call.OpCode.Code == Code.Callvirt) return AnyOverrideCapturable(reference);
        return false;
    }

    private bool AnyOverrideCapturable(MethodReference method) =>
        _virtualsByName.TryGetValue(VirtualKey(method), out var list) && list.Any(_capturable.Contains);

    /// <summary>Name (without an explicit interface prefix) and arity: a cheap over-approximation of "may override".</summary>
    private static string VirtualKey(MethodReference m)
    {
        var name = m.Name;
        var dot = name.LastIndexOf('.');
        if (dot >= 0) name = name[(dot + 1)..];
        return name + "/" + m.Parameters.Count;
    }

    private bool IsApp(MethodDefinition m) => _appModules.Contains(m.Module);

    private static bool IsDelegate(TypeReference type)
    {
        try
        {
            return type.Resolve()?.BaseType?.FullName == "System.MulticastDelegate";
        }
        catch (AssemblyResolutionException)
        {
            return false;
        }
    }

    private MethodDefinition? Resolve(MethodReference reference)
    {
        if (_resolved.TryGetValue(reference, out var def)) return def;
        try
        {
            def = reference.Resolve();
        }
        catch (AssemblyResolutionException)
        {
            def = null;
        }
        _resolved[reference] = def;
        return def;
    }
}
