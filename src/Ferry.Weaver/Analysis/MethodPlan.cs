using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;

namespace Ferry.Weaver.Analysis;

/// <summary>
/// Everything the weaver learns about one method before deciding anything: whether it can be
/// woven at all, its stack at each call and back-edge, and its protected regions.
/// </summary>
public sealed class MethodPlan
{
    public MethodDefinition Method { get; }
    public string? NotWeavableReason { get; }
    public IReadOnlyList<CandidateSite> Sites { get; } = [];
    public IReadOnlyList<TryRegion> Trys { get; } = [];
    public IReadOnlyDictionary<Instruction, int> Index { get; } = new Dictionary<Instruction, int>();
    public Liveness? Liveness { get; }

    public bool IsWeavable => NotWeavableReason is null;

    public MethodPlan(MethodDefinition method, WellKnownTypes types)
    {
        Method = method;
        NotWeavableReason = WhyNotWeavable(method);
        if (NotWeavableReason is not null) return;

        var body = method.Body;
        body.SimplifyMacros();
        var instructions = body.Instructions;
        var index = new Dictionary<Instruction, int>(instructions.Count);
        for (var i = 0; i < instructions.Count; i++) index[instructions[i]] = i;
        Index = index;

        IReadOnlyDictionary<Instruction, StackEntry[]> stacks;
        try
        {
            stacks = StackSimulator.Simulate(method, types);
        }
        catch (WeavingException e)
        {
            NotWeavableReason = e.Message;
            return;
        }

        Liveness = Liveness.Analyze(method, stacks);
        var byRefLikeVariables = new HashSet<int>();
        var argCount = Liveness.ArgumentCount;
        for (var v = 0; v < body.Variables.Count; v++)
            if (IsByRefLike(body.Variables[v].VariableType)) byRefLikeVariables.Add(argCount + v);
        bool LiveByRefLike(Instruction ins) =>
            byRefLikeVariables.Count > 0 && Liveness.LiveBefore(ins).Any(byRefLikeVariables.Contains);

        var inHandler = new bool[instructions.Count];
        var trys = new List<TryRegion>();
        foreach (var h in body.ExceptionHandlers)
        {
            var hs = index[h.FilterStart ?? h.HandlerStart];
            var he = h.HandlerEnd is null ? instructions.Count : index[h.HandlerEnd];
            for (var i = hs; i < he; i++) inHandler[i] = true;
            var ts = index[h.TryStart];
            var te = h.TryEnd is null ? instructions.Count : index[h.TryEnd];
            var region = trys.FirstOrDefault(t => t.Start == ts && t.End == te);
            if (region is null) trys.Add(region = new TryRegion(ts, te));
            region.Handlers.Add(h);
        }
        Trys = trys;

        var sites = new List<CandidateSite>();
        var pollHeaders = new HashSet<Instruction>();
        for (var i = 0; i < instructions.Count; i++)
        {
            var ins = instructions[i];
            if (!stacks.TryGetValue(ins, out var stack)) continue; // unreachable
            switch (ins.OpCode.Code)
            {
                case Code.Call:
                case Code.Callvirt:
                {
                    var callee = (MethodReference)ins.Operand;
                    var hasReceiver = callee.HasThis && !callee.ExplicitThis;
                    var argc = callee.Parameters.Count + (hasReceiver ? 1 : 0);
                    sites.Add(new CandidateSite
                    {
                        Instruction = ins,
                        Index = i,
                        Stack = stack,
                        IsBackEdge = false,
                        InHandler = inHandler[i],
                        Savable = CallIsSavable(stack, argc, hasReceiver) && !LiveByRefLike(ins),
                        ArgumentCount = argc,
                        HasReceiver = hasReceiver,
                    });
                    break;
                }
                default:
                    if (ins.OpCode.FlowControl is FlowControl.Branch or FlowControl.Cond_Branch && IsBackward(ins, index, i))
                    {
                        // Poll at the loop header when the stack is empty there: the JIT keeps optimizing
                        // (and can OSR) a loop whose back-edge block does not start with values on the stack.
                        if (ins.Operand is Instruction header && stacks.TryGetValue(header, out var headerStack) && headerStack.Length == 0)
                        {
                            if (!pollHeaders.Add(header)) break;
                            var h = index[header];
                            sites.Add(new CandidateSite
                            {
                                Instruction = header,
                                Index = h,
                                Stack = headerStack,
                                IsBackEdge = true,
                                InHandler = inHandler[h],
                                Savable = !LiveByRefLike(header),
                            });
                            break;
                        }
                        sites.Add(new CandidateSite
                        {
                            Instruction = ins,
                            Index = i,
                            Stack = stack,
                            IsBackEdge = true,
                            InHandler = inHandler[i],
                            Savable = stack.All(IsSavable) && !LiveByRefLike(ins),
                        });
                    }
                    break;
            }
        }
        Sites = sites;
    }

    private static bool IsBackward(Instruction ins, Dictionary<Instruction, int> index, int i) => ins.Operand switch
    {
        Instruction t => index[t] <= i,
        Instruction[] ts => ts.Any(t => index[t] <= i),
        _ => false,
    };

    /// <summary>The values below the arguments and the receiver must be saved; byref arguments must be re-creatable.</summary>
    private static bool CallIsSavable(StackEntry[] stack, int argc, bool hasReceiver)
    {
        var firstArg = stack.Length - argc;
        for (var i = 0; i < stack.Length; i++)
        {
            var e = stack[i];
            var isPlainArg = i >= firstArg && !(hasReceiver && i == firstArg);
            if (isPlainArg)
            {
                if (e.Type.IsByReference && !e.IsRematerializable) return false;
                if (e.Type.IsPointer || IsByRefLike(e.Type)) return false;
            }
            else if (!IsSavable(e))
            {
                return false;
            }
        }
        return true;
    }

    public static bool IsSavable(StackEntry e)
    {
        if (e.Type.IsByReference) return e.IsRematerializable;
        if (e.Type.IsPointer || e.Type.IsFunctionPointer) return false;
        return !IsByRefLike(e.Type);
    }

    public static bool IsByRefLike(TypeReference type)
    {
        if (type.IsByReference || type.IsPointer) return false;
        if (!type.IsValueType) return false;
        var name = type is GenericInstanceType g ? g.ElementType.FullName : type.FullName;
        if (name is "System.Span`1" or "System.ReadOnlySpan`1" or "System.TypedReference" or "System.RuntimeArgumentHandle"
            or "System.ArgIterator")
            return true;
        try
        {
            var def = type.Resolve();
            return def?.CustomAttributes.Any(a => a.AttributeType.FullName == "System.Runtime.CompilerServices.IsByRefLikeAttribute") == true;
        }
        catch (AssemblyResolutionException)
        {
            return false;
        }
    }

    private static string? WhyNotWeavable(MethodDefinition m)
    {
        if (!m.HasBody) return "no body";
        if (m.IsConstructor) return "a constructor";
        if (m.HasThis && m.DeclaringType.IsValueType) return "an instance method of a struct (this is a byref)";
        if (m.ReturnType.IsByReference) return "returns a byref";
        if (IsByRefLike(m.ReturnType)) return "returns a byref-like value";
        if (m.CallingConvention == MethodCallingConvention.VarArg) return "varargs";
        if (m.CustomAttributes.Any(a => a.AttributeType.FullName == "Ferry.Runtime.Capture.CapturableAttribute")) return "already woven";
        foreach (var v in m.Body.Variables)
        {
            if (v.IsPinned || v.VariableType.IsByReference || v.VariableType.IsPointer || v.VariableType.IsPinned)
                return "has a byref, pointer or pinned local";
        }
        foreach (var p in m.Parameters)
            if (IsByRefLike(p.ParameterType) || p.ParameterType.IsPointer) return "has a byref-like or pointer parameter";
        foreach (var ins in m.Body.Instructions)
            if (ins.OpCode.Code is Code.Localloc or Code.Jmp or Code.Calli or Code.Arglist)
                return $"uses {ins.OpCode.Name}";
        return null;
    }
}
