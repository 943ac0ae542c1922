using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Ferry.Images.Graph;

/// <summary>
/// Finds how an object is reached from the roots ("statics Program.s_file"), for error messages only:
/// a reflective breadth-first walk run after a write has already failed.
/// </summary>
internal static class GraphPathFinder
{
    private const int MaxVisited = 20_000_000;
    private const BindingFlags InstanceFields = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    private sealed record Step(object Value, Step? Parent, string Label);

    public static string? Find(IReadOnlyList<KeyValuePair<string, object?>> roots, object target)
    {
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var queue = new Queue<Step>();
        foreach (var (name, root) in roots)
        {
            if (root is not null && seen.Add(root))
            {
                queue.Enqueue(new Step(root, null, name));
            }
        }
        while (queue.Count > 0 && seen.Count < MaxVisited)
        {
            var step = queue.Dequeue();
            if (ReferenceEquals(step.Value, target))
            {
                return Describe(step);
            }
            foreach (var (label, child) in Children(step.Value))
            {
                if (child is null || child is string || child.GetType().IsPrimitive)
                {
                    continue;
                }
                bool isValue = child.GetType().IsValueType;
                if (isValue || seen.Add(child))
                {
                    queue.Enqueue(new Step(child, step, label));
                }
            }
        }
        return null;
    }

    private static string Describe(Step step)
    {
        var labels = new List<string>();
        for (var s = step; s.Parent is not null; s = s.Parent)
        {
            labels.Add(s.Label);
        }
        labels.Reverse();
        var root = step;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }
        var text = new System.Text.StringBuilder(root.Label);
        foreach (var l in labels)
        {
            text.Append(l.StartsWith('[') || l.StartsWith('.') ? "" : " ").Append(l);
        }
        return text.ToString();
    }

    private static IEnumerable<(string, object?)> Children(object o)
    {
        var type = o.GetType();
        if (o is Array array)
        {
            if (type.GetElementType()!.IsPrimitive)
            {
                yield break;
            }
            int i = 0;
            foreach (var item in array)
            {
                yield return ($"[{i++}]", item);
            }
            yield break;
        }
        if (o is Delegate d)
        {
            foreach (var part in d.GetInvocationList())
            {
                yield return ($"(target of {part.Method.Name})", part.Target);
            }
            yield break;
        }
        if (type.Assembly == typeof(object).Assembly || type.Assembly == typeof(LinkedList<>).Assembly)
        {
            if (type.GetProperty("Comparer", BindingFlags.Instance | BindingFlags.Public) is { } comparer && comparer.GetIndexParameters().Length == 0)
            {
                yield return (".Comparer", comparer.GetValue(o));
            }
            if (o is IDictionary dict)
            {
                foreach (DictionaryEntry e in dict)
                {
                    string key = Short(e.Key);
                    yield return ($"[key {key}]", e.Key);
                    yield return ($"[{key}]", e.Value);
                }
                yield break;
            }
            if (o is IEnumerable items && type.IsGenericType)
            {
                int i = 0;
                foreach (var item in items)
                {
                    yield return ($"[{i++}]", item);
                }
                yield break;
            }
        }
        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
        {
            foreach (var f in t.GetFields(InstanceFields))
            {
                if (f.FieldType.IsPointer || f.FieldType.IsPrimitive)
                {
                    continue;
                }
                object? value;
                try
                {
                    value = f.GetValue(o);
                }
                catch (Exception)
                {
                    continue;
                }
                yield return ($"{Owner(t, type)}{f.Name}", value);
            }
        }
    }

    private static string Owner(Type declaring, Type actual) =>
        declaring.IsValueType || declaring == actual && !IsCompilerGenerated(declaring) ? $"{declaring.Name}." : "";

    private static bool IsCompilerGenerated(Type t) => t.IsDefined(typeof(CompilerGeneratedAttribute), false);

    private static string Short(object? key)
    {
        string s = key?.ToString() ?? "null";
        return s.Length > 40 ? s[..40] + "…" : s;
    }
}
