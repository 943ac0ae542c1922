namespace BenchWorkloads;

/// <summary>Query-style code: LINQ operators with lambdas and closures, an iterator, generic helpers.</summary>
public static class Linq
{
    private sealed record Employee(int Id, string Department, int Age, double Salary, int ManagerId);

    private static readonly string[] Departments = ["sales", "engineering", "support", "finance", "legal", "ops", "research"];

    public static long Run()
    {
        var staff = Generate(40_000).ToList();
        long h = staff.Count;

        var byDept = staff.GroupBy(e => e.Department)
            .Select(g => new { Dept = g.Key, Count = g.Count(), Avg = g.Average(e => e.Salary), Oldest = g.Max(e => e.Age) })
            .OrderBy(x => x.Dept, StringComparer.Ordinal)
            .ToList();
        foreach (var d in byDept) h = Suite.Mix(Suite.Mix(Suite.Mix(h, d.Count), (long)d.Avg), d.Oldest);

        var threshold = 52_000.0;
        var wellPaid = staff.Where(e => e.Salary > threshold && e.Age < 40).Select(e => e.Id).Take(5_000).Sum();
        h = Suite.Mix(h, wellPaid);

        var managers = staff.Where(e => e.Id % 50 == 0).ToDictionary(e => e.Id);
        var reports = staff.Where(e => managers.ContainsKey(e.ManagerId))
            .Join(staff, e => e.ManagerId, m => m.Id, (e, m) => e.Salary - m.Salary)
            .Count(diff => diff > 0);
        h = Suite.Mix(h, reports);

        var ages = staff.Select(e => e.Age).Distinct().OrderByDescending(a => a).Skip(3).First();
        h = Suite.Mix(h, ages);

        var windows = Windows(staff.Select(e => e.Salary), 16).Select(w => w.Max() - w.Min()).Where(x => x > 20_000).Count();
        h = Suite.Mix(h, windows);

        h = Suite.Mix(h, TopN(staff, 25, e => e.Salary).Sum(e => (long)e.Id));
        var any = staff.Any(e => e.Age == 99);
        var all = staff.All(e => e.Salary > 0);
        h = Suite.Mix(h, (any ? 1 : 0) + (all ? 2 : 0));
        return h;
    }

    private static IEnumerable<Employee> Generate(int n)
    {
        var state = 2463534242u;
        for (var i = 0; i < n; i++)
        {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            yield return new Employee(i, Departments[state % (uint)Departments.Length], 20 + (int)(state % 45),
                30_000 + state % 70_000, (int)(state % (uint)Math.Max(1, i)) / 50 * 50);
        }
    }

    /// <summary>Sliding windows of a sequence (an iterator keeping a queue).</summary>
    private static IEnumerable<double[]> Windows(IEnumerable<double> source, int size)
    {
        var window = new Queue<double>(size);
        foreach (var x in source)
        {
            window.Enqueue(x);
            if (window.Count > size) window.Dequeue();
            if (window.Count == size) yield return window.ToArray();
        }
    }

    private static List<T> TopN<T>(IEnumerable<T> items, int n, Func<T, double> key)
    {
        var best = new List<(double Key, T Item)>(n + 1);
        foreach (var item in items)
        {
            var k = key(item);
            if (best.Count == n && k <= best[^1].Key) continue;
            var at = best.Count;
            while (at > 0 && best[at - 1].Key < k) at--;
            best.Insert(at, (k, item));
            if (best.Count > n) best.RemoveAt(best.Count - 1);
        }
        return best.Select(b => b.Item).ToList();
    }
}
