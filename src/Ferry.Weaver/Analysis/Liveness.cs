using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Ferry.Weaver.Analysis;

/// <summary>
/// Which arguments and locals are live before each instruction (backward data flow, exception
/// edges included). A frame saves only what is live at its resume point: that keeps stale
/// references out of images and keeps the JIT from holding every local alive across every call.
/// Variables are numbered arguments first (slot 0 = <c>this</c>), then locals. Taking a
/// variable's address reads it, except when the address only feeds <c>initobj</c> or a
/// constructor call (<c>ldloca x; ...; call T::.ctor</c>): that writes the variable.
/// </summary>
public sealed class Liveness
{
    private readonly Dictionary<Instruction, int> _index;
    private readonly ulong[][] _liveIn;
    private readonly int _words;

    public int ArgumentCount { get; }
    public int VariableCount { get; }
    private Liveness(Dictionary<Instruction, int> index, ulong[][] liveIn, int words, int args, int vars)
    {
        _index = index;
        _liveIn = liveIn;
        _words = words;
        ArgumentCount = args;
        VariableCount = vars;
    }

    /// <summary>Variables live just before <paramref name="ins"/>.</summary>
    public IEnumerable<int> LiveBefore(Instruction ins)
    {
        var set = _liveIn[_index[ins]];
        for (var v = 0; v < VariableCount; v++)
            if ((set[v >> 6] & (1UL << (v & 63))) != 0)
                yield return v;
    }

    public static Liveness Analyze(MethodDefinition method, IReadOnlyDictionary<Instruction, StackEntry[]> stacks)
    {
        var body = method.Body;
        var instructions = body.Instructions;
        var n = instructions.Count;
        var args = method.Parameters.Count + (method.HasThis ? 1 : 0);
        var vars = args + body.Variables.Count;
        var words = Math.Max(1, (vars + 63) / 64);
        var index = new Dictionary<Instruction, int>(n);
        for (var i = 0; i < n; i++) index[instructions[i]] = i;

        var use = new int[n];
        var def = new int[n];
        var initializingAddress = new HashSet<Instruction>();
        var initializes = new Dictionary<Instruction, Instruction>();
        foreach (var ins in instructions)
        {
            if (!stacks.TryGetValue(ins, out var stack)) continue;
            StackEntry? target = ins.OpCode.Code switch
            {
                Code.Initobj when stack.Length >= 1 => stack[^1],
                Code.Call when ins.Operand is MethodReference { Name: ".ctor" } ctor && stack.Length > ctor.Parameters.Count =>
                    stack[stack.Length - 1 - ctor.Parameters.Count],
                _ => null,
            };
            if (target?.Producer is { OpCode.Code: Code.Ldloca or Code.Ldloca_S or Code.Ldarga or Code.Ldarga_S } producer)
            {
                initializingAddress.Add(producer);
                initializes[ins] = producer;
            }
        }
        for (var i = 0; i < n; i++)
        {
            use[i] = def[i] = -1;
            var ins = instructions[i];
            switch (ins.OpCode.Code)
            {
                case Code.Ldarg_0: use[i] = 0; break;
                case Code.Ldarg_1: use[i] = 1; break;
                case Code.Ldarg_2: use[i] = 2; break;
                case Code.Ldarg_3: use[i] = 3; break;
                case Code.Ldarg: case Code.Ldarg_S: use[i] = ArgSlot(method, ins); break;
                case Code.Starg: case Code.Starg_S: def[i] = ArgSlot(method, ins); break;
                case Code.Ldarga: case Code.Ldarga_S:
                    if (!initializingAddress.Contains(ins)) use[i] = ArgSlot(method, ins);
                    break;
                case Code.Ldloc_0: use[i] = args; break;
                case Code.Ldloc_1: use[i] = args + 1; break;
                case Code.Ldloc_2: use[i] = args + 2; break;
                case Code.Ldloc_3: use[i] = args + 3; break;
                case Code.Ldloc: case Code.Ldloc_S: use[i] = args + ((VariableDefinition)ins.Operand).Index; break;
                case Code.Stloc_0: def[i] = args; break;
                case Code.Stloc_1: def[i] = args + 1; break;
                case Code.Stloc_2: def[i] = args + 2; break;
                case Code.Stloc_3: def[i] = args + 3; break;
                case Code.Stloc: case Code.Stloc_S: def[i] = args + ((VariableDefinition)ins.Operand).Index; break;
                case Code.Ldloca: case Code.Ldloca_S:
                    if (!initializingAddress.Contains(ins)) use[i] = args + ((VariableDefinition)ins.Operand).Index;
                    break;
            }
            if (initializes.TryGetValue(ins, out var address))
                def[i] = address.Operand is VariableDefinition v ? args + v.Index : ArgSlot(method, address);
        }

        var successors = Successors(body, index);
        var liveIn = new ulong[n][];
        for (var i = 0; i < n; i++) liveIn[i] = new ulong[words];
        var liveOut = new ulong[words];
        bool changed;
        do
        {
            changed = false;
            for (var i = n - 1; i >= 0; i--)
            {
                Array.Clear(liveOut);
                foreach (var s in successors[i])
                    for (var w = 0; w < words; w++) liveOut[w] |= liveIn[s][w];
                if (def[i] >= 0) liveOut[def[i] >> 6] &= ~(1UL << (def[i] & 63));
                if (use[i] >= 0) liveOut[use[i] >> 6] |= 1UL << (use[i] & 63);
                var current = liveIn[i];
                for (var w = 0; w < words; w++)
                {
                    if (current[w] == liveOut[w]) continue;
                    current[w] = liveOut[w];
                    changed = true;
                }
            }
        } while (changed);

        return new Liveness(index, liveIn, words, args, vars);
    }

    private static int ArgSlot(MethodDefinition method, Instruction ins) =>
        ((ParameterDefinition)ins.Operand).Sequence;

    private static List<int>[] Successors(MethodBody body, Dictionary<Instruction, int> index)
    {
        var instructions = body.Instructions;
        var n = instructions.Count;
        var result = new List<int>[n];
        var leaveTargets = new List<int>();
        foreach (var ins in instructions)
            if (ins.OpCode.Code is Code.Leave or Code.Leave_S)
                leaveTargets.Add(index[(Instruction)ins.Operand]);

        for (var i = 0; i < n; i++)
        {
            var ins = instructions[i];
            var list = new List<int>();
            switch (ins.OpCode.Code)
            {
                case Code.Ret: case Code.Throw: case Code.Rethrow: case Code.Jmp: case Code.Endfilter:
                    break;
                case Code.Endfinally:
                    list.AddRange(leaveTargets);
                    break;
                case Code.Leave: case Code.Leave_S:
                    list.Add(index[(Instruction)ins.Operand]);
                    break;
                default:
                    if (ins.Operand is Instruction t) list.Add(index[t]);
                    if (ins.Operand is Instruction[] ts) list.AddRange(ts.Select(x => index[x]));
                    var flow = ins.OpCode.FlowControl;
                    if (flow != FlowControl.Branch && i + 1 < n) list.Add(i + 1);
                    break;
            }
            result[i] = list;
        }

        // Any instruction of a protected region may transfer to its handler (and filter).
        foreach (var h in body.ExceptionHandlers)
        {
            var start = index[h.TryStart];
            var end = h.TryEnd is null ? n : index[h.TryEnd];
            for (var i = start; i < end; i++)
            {
                result[i].Add(index[h.HandlerStart]);
                if (h.FilterStart is not null) result[i].Add(index[h.FilterStart]);
            }
            if (h.FilterStart is not null)
            {
                // endfilter continues into the handler.
                var fs = index[h.FilterStart];
                var hs = index[h.HandlerStart];
                for (var i = fs; i < hs; i++)
                    if (instructions[i].OpCode.Code == Code.Endfilter) result[i].Add(hs);
            }
        }
        return result;
    }
}
