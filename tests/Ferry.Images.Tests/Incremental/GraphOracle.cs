using System.Collections;
using System.Reflection;
using System.Text;

namespace Ferry.Images.Tests.Incremental;

/// <summary>
/// Compares two object graphs object by object: same shape of identity (an object reached twice in one is
/// reached twice in the other; a map pairs them), same types, same values; framework collections by their
/// items in enumeration order, everything else field by field (private and inherited fields included).
/// </summary>
internal static class GraphOracle
{
    public static void AssertSame(object? expected, object? actual) =>
        new Walk().Same(expected, actual, "root");

    private sealed class Walk
    {
        private readonly Dictionary<object, object> _pairs = new(ReferenceEqualityComparer.Instance);
        private readonly HashSet<object> _claimed = new(ReferenceEqualityComparer.Instance);
        private readonly Stack<(object? A, object? B, string Path)> _todo = new();

        public void Same(object? a, object? b, string path)
        {
            _todo.Push((a, b, path));
            while (_todo.TryPop(out var next))
            {
                Compare(next.A, next.B, next.Path);
            }
        }

        private void Compare(object? a, object? b, string path)
        {
            if (a is null || b is null)
            {
                Assert.True(a is null && b is null, $"{path}: {Show(a)} vs {Show(b)}");
                return;
            }
            Type t = a.GetType();
            Assert.True(t == b.GetType(), $"{path}: {t} vs {b.GetType()}");
            if (!t.IsValueType)
            {
                if (_pairs.TryGetValue(a, out var paired))
                {
                    Assert.True(ReferenceEquals(paired, b), $"{path}: the same object in one graph is two in the other");
                    return;
                }
                Assert.True(_claimed.Add(b), $"{path}: two objects in one graph are the same object in the other");
                _pairs[a] = b;
            }
            switch (a)
            {
                case string or StringBuilder:
                    Assert.True(a.ToString() == b.ToString(), $"{path}: '{a}' vs '{b}'");
                    return;
                case Array arr:
                    var brr = (Array)b;
                    Assert.True(arr.Length == brr.Length, $"{path}: length {arr.Length} vs {brr.Length}");
                    int i = 0;
                    var eb = brr.GetEnumerator();
                    foreach (var item in arr)
                    {
                        eb.MoveNext();
                        _todo.Push((item, eb.Current, $"{path}[{i++}]"));
                    }
                    return;
            }
            if (t.IsPrimitive || t.IsEnum || a is decimal or DateTime or TimeSpan or Guid)
            {
                Assert.True(a.Equals(b), $"{path}: {a} vs {b}");
                return;
            }
            if (t.Namespace is { } ns && ns.StartsWith("System.Collections", StringComparison.Ordinal) && a is IEnumerable ea)
            {
                var la = ea.Cast<object?>().ToList();
                var lb = ((IEnumerable)b).Cast<object?>().ToList();
                Assert.True(la.Count == lb.Count, $"{path}: {la.Count} items vs {lb.Count}");
                for (int k = 0; k < la.Count; k++)
                {
                    _todo.Push((la[k], lb[k], $"{path}{{{k}}}"));
                }
                return;
            }
            for (Type? c = t; c is not null && c != typeof(object); c = c.BaseType)
            {
                foreach (var f in c.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    _todo.Push((f.GetValue(a), f.GetValue(b), $"{path}.{f.Name}"));
                }
            }
        }

        private static string Show(object? o) => o is null ? "null" : o.GetType().Name;
    }
}
