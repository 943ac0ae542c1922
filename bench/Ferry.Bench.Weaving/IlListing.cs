using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Ferry.Bench.Weaving;

/// <summary>What weaving did to each method: sizes, locals, and (for a filter) the full woven IL.</summary>
public static class IlListing
{
    public static void Summary(string plainPath, string wovenPath, TextWriter output)
    {
        using var plain = ModuleDefinition.ReadModule(plainPath);
        using var woven = ModuleDefinition.ReadModule(wovenPath);
        var plainMethods = Methods(plain);
        output.WriteLine($"{"method",-90} {"IL plain",9} {"IL woven",9} {"locals",7} {"sites",6}");
        var totalPlain = 0;
        var totalWoven = 0;
        foreach (var (key, w) in Methods(woven).OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (!plainMethods.TryGetValue(key, out var p)) continue;
            totalPlain += p.Body.CodeSize;
            totalWoven += w.Body.CodeSize;
            if (!IsCapturable(w)) continue;
            var sites = w.Body.Instructions.Count(i => i.OpCode == OpCodes.Call && i.Operand is MethodReference m
                && m.DeclaringType.FullName == "Ferry.Runtime.Capture.FrameStack" && m.Name is "IsCapturing");
            output.WriteLine($"{Short(key),-90} {p.Body.CodeSize,9} {w.Body.CodeSize,9} {p.Body.Variables.Count,3}→{w.Body.Variables.Count,-3} {sites,6}");
        }
        output.WriteLine($"(capturable methods listed; all methods: IL {totalPlain} → {totalWoven} bytes, ×{(double)totalWoven / totalPlain:F2})");
    }

    public static void Body(string assemblyPath, string filter, TextWriter output)
    {
        using var module = ModuleDefinition.ReadModule(assemblyPath);
        foreach (var (key, m) in Methods(module).Where(kv => kv.Key.Contains(filter, StringComparison.Ordinal)).OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"// {key}  (IL {m.Body.CodeSize} bytes, max stack {m.Body.MaxStackSize}{(IsCapturable(m) ? ", [Capturable]" : "")})");
            for (var i = 0; i < m.Body.Variables.Count; i++)
                output.WriteLine($"//   local V_{i}: {m.Body.Variables[i].VariableType.FullName}");
            foreach (var h in m.Body.ExceptionHandlers)
                output.WriteLine($"//   {h.HandlerType}: try IL_{h.TryStart.Offset:x4}–IL_{h.TryEnd?.Offset ?? m.Body.CodeSize:x4}, handler IL_{h.HandlerStart.Offset:x4}–IL_{h.HandlerEnd?.Offset ?? m.Body.CodeSize:x4}");
            foreach (var ins in m.Body.Instructions) output.WriteLine("  " + Format(ins));
            output.WriteLine();
        }
    }

    private static string Format(Instruction ins)
    {
        var operand = ins.Operand switch
        {
            null => "",
            Instruction target => $"IL_{target.Offset:x4}",
            Instruction[] targets => "(" + string.Join(", ", targets.Select(t => $"IL_{t.Offset:x4}")) + ")",
            VariableDefinition v => $"V_{v.Index}",
            ParameterDefinition p => p.Name is { Length: > 0 } n ? n : $"A_{p.Index}",
            MethodReference m => $"{m.DeclaringType.Name}::{m.Name}",
            FieldReference f => $"{f.DeclaringType.Name}::{f.Name}",
            TypeReference t => t.Name,
            string s => "\"" + (s.Length > 40 ? s[..40] + "…" : s) + "\"",
            var o => o.ToString(),
        };
        return $"IL_{ins.Offset:x4}: {ins.OpCode.Name} {operand}".TrimEnd();
    }

    private static Dictionary<string, MethodDefinition> Methods(ModuleDefinition module) =>
        module.GetTypes().SelectMany(t => t.Methods).Where(m => m.HasBody).ToDictionary(m => m.FullName);

    private static bool IsCapturable(MethodDefinition m) =>
        m.CustomAttributes.Any(a => a.AttributeType.Name == "CapturableAttribute");

    private static string Short(string fullName) => fullName.Replace("BenchWorkloads.", "").Replace("System.", "");
}
