// LINQ with app lambdas: safe points reached inside lambdas called by framework code cannot be
// captured (a framework frame is in between). The barrier must wait for the region to end.
namespace LinqLambda;

internal sealed record Employee(string Name, string Dept, int Salary, int Age);

internal static class Program
{
    private static int Score(int x)
    {
        int s = 0;
        for (int i = 0; i <= x % 7; i++) s += i * x;
        return s;
    }

    private static int Main()
    {
        var staff = new List<Employee>();
        string[] depts = { "ops", "dev", "qa", "hr" };
        for (int i = 0; i < 24; i++) staff.Add(new Employee("e" + i, depts[i * 7 % 4], 3000 + i * 137 % 900, 22 + i * 5 % 30));

        var seniorDevs = staff.Where(e => e.Dept == "dev" && e.Age > 30).Select(e => e.Name).ToList();
        Console.WriteLine("senior devs " + string.Join(',', seniorDevs));

        var byDept = staff.GroupBy(e => e.Dept)
                          .OrderBy(g => g.Key, StringComparer.Ordinal)
                          .Select(g => $"{g.Key}:{g.Count()}:{g.Sum(e => e.Salary)}:{g.Max(e => e.Age)}")
                          .ToList();
        Console.WriteLine("by dept " + string.Join(' ', byDept));

        var scored = Enumerable.Range(1, 30).Select(x => Score(x)).Where(s => s % 3 != 0).ToArray();
        int folded = scored.Aggregate(17, (acc, s) => (acc * 31 + s) % 100_003);
        Console.WriteLine($"scored count={scored.Length} folded={folded}");

        var ordered = staff.OrderByDescending(e => e.Salary).ThenBy(e => e.Name, StringComparer.Ordinal).Take(5).Select(e => $"{e.Name}={e.Salary}");
        Console.WriteLine("top salaries " + string.Join(' ', ordered));

        Dictionary<string, int> ages = staff.ToDictionary(e => e.Name, e => e.Age);
        var pairs = staff.Zip(staff.Skip(1), (a, b) => a.Age - b.Age).Count(d => d > 0);
        var letters = staff.SelectMany(e => e.Name.ToCharArray()).Distinct().OrderBy(c => c).ToArray();
        Console.WriteLine($"ages[e7]={ages["e7"]} descending pairs={pairs} letters={new string(letters)}");

        int total = 0;
        for (int i = 0; i < 10; i++) total += Score(i); // a plain loop after the LINQ regions
        Console.WriteLine($"total after linq={total}");

        int checkFold = 17;
        int checkCount = 0;
        for (int x = 1; x <= 30; x++)
        {
            int s = Score(x);
            if (s % 3 == 0) continue;
            checkCount++;
            checkFold = (checkFold * 31 + s) % 100_003;
        }
        if (checkFold != folded || checkCount != scored.Length) return Fail(11, "fold");
        int devs = 0;
        foreach (Employee e in staff) if (e.Dept == "dev" && e.Age > 30) devs++;
        if (devs != seniorDevs.Count) return Fail(12, "where");
        if (ages.Count != 24) return Fail(13, "dictionary");
        Console.WriteLine("verify: ok");
        return 0;
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"FAIL({code}): {message}");
        return code;
    }
}
