using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;

namespace Ferry.Bench.Weaving;

/// <summary>
/// Measurement-only copies of the woven assembly with parts of the instrumentation switched off, to
/// attribute the cost: each rung turns one kind of gate check <c>volatile. ldsfld Active; brfalse X</c>
/// into <c>br X</c> (the code behind it becomes unreachable, exactly as if the gate were a constant 0),
/// cumulatively. None of these copies can be captured; they only answer "what does this part cost".
/// </summary>
public static class Ablation
{
    public enum Part { RestorePath, FinallySkips, CallSiteChecks, LoopPolls, StaticsPrep, DeadCode }

    public static readonly (Part Part, string Name)[] Ladder =
    [
        (Part.RestorePath, "−restore path"),
        (Part.FinallySkips, "−finally skips"),
        (Part.CallSiteChecks, "−call-site checks"),
        (Part.LoopPolls, "−loop polls"),
        (Part.StaticsPrep, "−statics prep"),
        (Part.DeadCode, "−dead IL"),
    ];

    /// <summary>Write one copy per rung (cumulative) next to each other; returns their paths in ladder order.</summary>
    public static List<string> WriteLadder(string plainPath, string wovenPath, string workDir)
    {
        var paths = new List<string>();
        var removed = new HashSet<Part>();
        foreach (var (part, _) in Ladder)
        {
            removed.Add(part);
            var dir = Path.Combine(workDir, "ablate-" + part);
            Directory.CreateDirectory(dir);
            var target = Path.Combine(dir, "Workloads.dll");
            using var plain = ModuleDefinition.ReadModule(plainPath);
            using var module = ModuleDefinition.ReadModule(wovenPath, new ReaderParameters { InMemory = true });
            Apply(module, plain, removed);
            module.Write(target);
            paths.Add(target);
        }
        return paths;
    }

    private static void Apply(ModuleDefinition module, ModuleDefinition plain, HashSet<Part> removed)
    {
        var plainFields = plain.GetTypes().SelectMany(t => t.Fields).ToDictionary(f => f.FullName);
        foreach (var type in module.GetTypes())
        {
            if (removed.Contains(Part.StaticsPrep))
                foreach (var f in type.Fields)
                    if (plainFields.TryGetValue(f.FullName, out var original) && original.IsInitOnly) f.IsInitOnly = true;

            foreach (var method in type.Methods.Where(m => m.HasBody))
            {
                var body = method.Body;
                body.SimplifyMacros();
                var il = body.Instructions;
                for (var i = 0; i + 2 < il.Count; i++)
                {
                    if (il[i].OpCode != OpCodes.Volatile || il[i + 1].Operand is not FieldReference { Name: "Active" } field
                        || field.DeclaringType.Name != "CaptureGate") continue;
                    if (il[i + 2].OpCode == OpCodes.Brtrue)
                    {
                        // A hand-off poll (if (gate) goto HANDOFF): gone entirely.
                        if (!removed.Contains(Part.LoopPolls)) continue;
                        for (var k = 0; k < 3; k++)
                        {
                            il[i + k].OpCode = OpCodes.Nop;
                            il[i + k].Operand = null;
                        }
                        continue;
                    }
                    if (il[i + 2].OpCode != OpCodes.Brfalse) continue;
                    var next = i + 3 < il.Count ? il[i + 3] : null;
                    var part = next?.Operand is MethodReference { Name: "IsRestoring" } ? Part.RestorePath
                        : next?.Operand is MethodReference { Name: "IsCapturing" } ? (i + 5 < il.Count && il[i + 5].OpCode == OpCodes.Endfinally ? Part.FinallySkips : Part.CallSiteChecks)
                        : Part.LoopPolls;
                    if (!removed.Contains(part)) continue;
                    il[i].OpCode = OpCodes.Nop;
                    il[i].Operand = null;
                    il[i + 1].OpCode = OpCodes.Nop;
                    il[i + 1].Operand = null;
                    il[i + 2].OpCode = OpCodes.Br;
                }
                if (removed.Contains(Part.StaticsPrep) && method.IsConstructor && method.IsStatic && il.Count >= 4
                    && il[0].OpCode == OpCodes.Ldtoken && il[2].Operand is MethodReference { Name: "ShouldSkip" } && il[3].OpCode == OpCodes.Brfalse)
                {
                    // ldtoken T; call GetTypeFromHandle; call ShouldSkip; brfalse BODY; ret  →  br BODY
                    for (var k = 0; k < 3; k++)
                    {
                        il[k].OpCode = OpCodes.Nop;
                        il[k].Operand = null;
                    }
                    il[3].OpCode = OpCodes.Br;
                }
                if (removed.Contains(Part.DeadCode)) RemoveDeadCode(body);
                body.OptimizeMacros();
            }
        }
    }

    /// <summary>Drop unreachable instructions and nops (handlers whose try is unreachable go too).</summary>
    private static void RemoveDeadCode(MethodBody body)
    {
        var il = body.Instructions;
        if (il.Count == 0) return;
        var reachable = new HashSet<Instruction>();
        var work = new Stack<Instruction>();
        void Reach(Instruction? ins)
        {
            if (ins is not null && reachable.Add(ins)) work.Push(ins);
        }
        Reach(il[0]);
        bool changed;
        do
        {
            while (work.TryPop(out var ins))
            {
                switch (ins.OpCode.FlowControl)
                {
                    case FlowControl.Branch:
                        Reach((Instruction)ins.Operand);
                        break;
                    case FlowControl.Cond_Branch:
                        if (ins.Operand is Instruction[] targets) foreach (var t in targets) Reach(t);
                        else Reach((Instruction)ins.Operand);
                        Reach(ins.Next);
                        break;
                    case FlowControl.Return or FlowControl.Throw:
                        break;
                    default:
                        if (ins.OpCode.Code is not (Code.Endfinally or Code.Endfilter or Code.Jmp)) Reach(ins.Next);
                        break;
                }
            }
            changed = false;
            foreach (var h in body.ExceptionHandlers)
            {
                if (reachable.Contains(h.HandlerStart) || !InRange(il, h.TryStart, h.TryEnd).Any(reachable.Contains)) continue;
                Reach(h.HandlerStart);
                if (h.FilterStart is not null) Reach(h.FilterStart);
                changed = true;
            }
        } while (changed || work.Count > 0);

        foreach (var h in body.ExceptionHandlers.Where(h => !reachable.Contains(h.HandlerStart)).ToList())
            body.ExceptionHandlers.Remove(h);

        var dead = il.Where(i => !reachable.Contains(i) || i.OpCode == OpCodes.Nop).ToHashSet();
        // Whatever referred to a removed instruction now refers to the next kept one (null: the end).
        Instruction? Successor(Instruction? ins)
        {
            while (ins is not null && dead.Contains(ins)) ins = ins.Next;
            return ins;
        }
        foreach (var ins in il.Where(i => !dead.Contains(i)))
        {
            if (ins.Operand is Instruction target) ins.Operand = Successor(target);
            else if (ins.Operand is Instruction[] targets)
                for (var k = 0; k < targets.Length; k++) targets[k] = Successor(targets[k])!;
        }
        foreach (var h in body.ExceptionHandlers)
        {
            h.TryStart = Successor(h.TryStart)!;
            h.TryEnd = Successor(h.TryEnd)!;
            h.HandlerStart = Successor(h.HandlerStart)!;
            h.HandlerEnd = Successor(h.HandlerEnd)!;
            if (h.FilterStart is not null) h.FilterStart = Successor(h.FilterStart);
        }
        foreach (var ins in dead) il.Remove(ins);
    }

    private static IEnumerable<Instruction> InRange(Mono.Collections.Generic.Collection<Instruction> il, Instruction start, Instruction? end)
    {
        for (var ins = start; ins is not null && ins != end; ins = ins.Next) yield return ins;
    }
}
