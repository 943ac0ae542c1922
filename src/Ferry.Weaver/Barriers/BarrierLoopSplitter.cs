using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Ferry.Weaver.Barriers;

/// <summary>
/// Keeps the barriers' mark calls out of hot loops (docs/capture-protocol.md, "Write barriers"): a loop with
/// barriers in it gets a second, slow copy placed after it, and in the loop itself each barrier becomes just
/// its test — <c>volatile. ldsfld DirtyTracker.Active; brtrue</c> to the same barrier in the slow copy, which
/// marks and carries on there (with every barrier as the rewriter made it) until control leaves the loop.
/// <para>
/// Why: a call anywhere in a loop, however rarely taken, makes RyuJIT keep the loop's variables in stack slots
/// (they would be lost across the call), which is most of what a barrier costs a tight array loop. The fast
/// loop has no call left in it; the slow copy is only reached from a test that saw tracking on.
/// </para>
/// <para>
/// Safe by construction: every barrier in the fast loop still tests the flag at the same place, after the same
/// write, and when it is set does the same mark (the slow copy is the same code, sharing the locals and the
/// stack shape at that point); when it is clear, the original barrier did nothing either. No test is hoisted,
/// no mark is moved or merged. A copy never returns to the fast loop (that edge would put the calls back into
/// the fast loop's cycle): a loop that saw tracking on stays slow until it is left.
/// </para>
/// </summary>
public sealed class BarrierLoopSplitter
{
    /// <summary>Larger loops are not copied whole (their inner loops may be): IL growth, JIT time.</summary>
    private const int MaxCopied = 600;

    private readonly FieldReference _active;

    public BarrierLoopSplitter(FieldReference trackingActive) => _active = trackingActive;

    /// <summary>Loops given a slow copy so far.</summary>
    public int Count { get; private set; }

    /// <summary>Splits the loops of <paramref name="body"/> (macros simplified, barriers in).</summary>
    public void Split(MethodBody body)
    {
        var chosen = new List<(int Start, int End)>();
        foreach (var (start, end) in LoopRanges(body).OrderByDescending(r => r.End - r.Start))
        {
            if (end - start + 1 > MaxCopied) continue;
            if (chosen.Any(c => c.Start <= end && start <= c.End)) continue;
            if (!Copyable(body, start, end) || !Checks(body, start, end).Any()) continue;
            chosen.Add((start, end));
        }
        // From the last range to the first: indices of earlier ranges stay valid.
        foreach (var (start, end) in chosen.OrderByDescending(c => c.Start))
        {
            SplitRange(body, start, end);
            Count++;
        }
    }

    /// <summary>[target, branch] of every backward branch: a loop's instructions, as C# lays loops out.</summary>
    private static IEnumerable<(int Start, int End)> LoopRanges(MethodBody body)
    {
        var index = Index(body);
        for (int i = 0; i < body.Instructions.Count; i++)
        {
            var ins = body.Instructions[i];
            IEnumerable<Instruction> targets = ins.Operand switch
            {
                Instruction t => [t],
                Instruction[] ts => ts,
                _ => [],
            };
            foreach (var t in targets)
                if (index[t] <= i) yield return (index[t], i);
        }
    }

    /// <summary>
    /// A range can be copied if it lies wholly inside or wholly outside every protected region and handler (the
    /// copy goes right after it, into the same regions) and no region starts or ends within it.
    /// </summary>
    private static bool Copyable(MethodBody body, int start, int end)
    {
        var index = Index(body);
        int Of(Instruction? i) => i is null ? body.Instructions.Count : index[i];
        foreach (var h in body.ExceptionHandlers)
        {
            var regions = new List<(int, int)> { (Of(h.TryStart), Of(h.TryEnd)), (Of(h.HandlerStart), Of(h.HandlerEnd)) };
            if (h.FilterStart is not null) regions.Add((Of(h.FilterStart), Of(h.HandlerStart)));
            foreach (var (s, e) in regions)
            {
                bool inside = s <= start && end < e;
                bool outside = end < s || start >= e;
                if (!inside && !outside) return false;
            }
        }
        return body.Instructions[end].Next is not null;
    }

    /// <summary>Barrier tests in [start, end]: (index of the <c>ldsfld</c>, index of the instruction it skips to).</summary>
    private IEnumerable<(int Load, int Skip)> Checks(MethodBody body, int start, int end)
    {
        var index = Index(body);
        for (int i = start; i < end; i++)
        {
            var ins = body.Instructions[i];
            if (ins.OpCode.Code != Code.Ldsfld || !IsActive((FieldReference)ins.Operand)) continue;
            if (ins.Next is not { OpCode.Code: Code.Brfalse, Operand: Instruction skip }) continue;
            int s = index[skip];
            if (s <= i + 2 || s > end) continue;
            yield return (i, s);
        }
    }

    private bool IsActive(FieldReference f) => f.Name == _active.Name && f.DeclaringType.FullName == _active.DeclaringType.FullName;

    private void SplitRange(MethodBody body, int start, int end)
    {
        var instructions = body.Instructions;
        var il = body.GetILProcessor();
        var original = instructions.Skip(start).Take(end - start + 1).ToList();
        var copies = original.ToDictionary(i => i, Copy);
        foreach (var (from, to) in copies)
        {
            to.Operand = from.Operand switch
            {
                Instruction t => copies.GetValueOrDefault(t, t),
                Instruction[] ts => ts.Select(t => copies.GetValueOrDefault(t, t)).ToArray(),
                var o => o,
            };
        }
        var after = instructions[end + 1];

        // The fast loop's barriers: the test alone, jumping into the copy where it was set.
        var targeted = new HashSet<Instruction>();
        foreach (var i in instructions)
        {
            if (i.Operand is Instruction t) targeted.Add(t);
            if (i.Operand is Instruction[] ts) targeted.UnionWith(ts);
        }
        foreach (var h in body.ExceptionHandlers)
            targeted.UnionWith(new[] { h.TryStart, h.TryEnd, h.HandlerStart, h.HandlerEnd, h.FilterStart }.OfType<Instruction>());
        var removed = new List<Instruction>();
        int done = -1;
        foreach (var (load, skip) in Checks(body, start, end).ToList())
        {
            if (load <= done) continue;
            done = skip - 1;
            var slow = instructions.Skip(load + 2).Take(skip - load - 2).ToList();
            if (slow.Any(targeted.Contains)) continue;
            var test = instructions[load + 1];
            test.OpCode = OpCodes.Brtrue;
            test.Operand = copies[slow[0]];
            removed.AddRange(slow);
        }

        // The copy after the loop, reached only through those tests; where the loop falls through, so does the copy.
        var last = original[^1];
        if (CanFallThrough(last)) il.InsertAfter(last, last = Instruction.Create(OpCodes.Br, after));
        foreach (var i in original)
        {
            il.InsertAfter(last, copies[i]);
            last = copies[i];
        }
        if (CanFallThrough(last)) il.InsertAfter(last, Instruction.Create(OpCodes.Br, after));
        foreach (var r in removed) il.Remove(r);
    }

    private static bool CanFallThrough(Instruction i) =>
        i.OpCode.FlowControl is not (FlowControl.Branch or FlowControl.Return or FlowControl.Throw)
        && i.OpCode.Code is not (Code.Leave or Code.Leave_S or Code.Endfinally or Code.Endfilter);

    private static Instruction Copy(Instruction i)
    {
        var c = Instruction.Create(OpCodes.Nop);
        c.OpCode = i.OpCode;
        c.Operand = i.Operand;
        return c;
    }

    private static Dictionary<Instruction, int> Index(MethodBody body)
    {
        var index = new Dictionary<Instruction, int>(body.Instructions.Count);
        for (int i = 0; i < body.Instructions.Count; i++) index[body.Instructions[i]] = i;
        return index;
    }
}
