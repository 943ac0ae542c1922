// Records: compiler-generated members, value equality, with-expressions.
namespace Records;

internal record Person(string Name, int Age)
{
    private static readonly List<string> s_sharedTags = new() { "staff" };
    public List<string> Tags { get; init; } = s_sharedTags; // one shared list, so equality is by the other members
}

internal sealed record Employee(string Name, int Age, string Role) : Person(Name, Age);

internal readonly record struct Point(int X, int Y)
{
    public Point Step(int dx, int dy) => this with { X = X + dx, Y = Y + dy };
}

internal record struct Mutable(int Count, string Label);

internal static class Program
{
    private static int Main()
    {
        var people = new List<Person>();
        var seen = new HashSet<Person>();
        int duplicates = 0;
        for (int i = 0; i < 20; i++)
        {
            Person p = i % 3 == 0 ? new Employee("n" + i % 4, 20 + i % 2, i % 2 == 0 ? "dev" : "ops") : new Person("n" + i % 4, 20 + i % 2);
            people.Add(p);
            if (!seen.Add(p)) duplicates++;
        }
        Console.WriteLine($"people={people.Count} distinct={seen.Count} duplicates={duplicates}");
        Console.WriteLine($"first={people[0]} second={people[1]}");

        Person older = people[1];
        for (int i = 0; i < 5; i++) older = older with { Age = older.Age + 10 };
        var (name, age) = older;
        Console.WriteLine($"older={name}/{age} originalAge={people[1].Age} sameTags={ReferenceEquals(older.Tags, people[1].Tags)}");

        var path = new List<Point>();
        var pos = new Point(0, 0);
        var visits = new Dictionary<Point, int>();
        for (int i = 0; i < 30; i++)
        {
            pos = pos.Step(i % 3 - 1, i % 4 == 0 ? 1 : -1 + i % 2);
            path.Add(pos);
            visits[pos] = visits.GetValueOrDefault(pos) + 1;
        }
        Console.WriteLine($"final={pos} distinct positions={visits.Count} revisits={30 - visits.Count}");

        var m = new Mutable(0, "m");
        for (int i = 0; i < 12; i++) { m.Count += i; m.Label += i % 2 == 0 ? "e" : "o"; }
        Console.WriteLine($"mutable={m}");

        bool eq = new Employee("a", 1, "x") == new Employee("a", 1, "x");
        bool neqBase = new Person("a", 1).Equals(new Employee("a", 1, "x"));
        Console.WriteLine($"eq={eq} personEqualsEmployee={neqBase}");

        if (people.Count != 20 || seen.Count + duplicates != 20) return Fail(11, "people");
        if (older.Age != people[1].Age + 50 || older.Name != people[1].Name) return Fail(12, "with");
        var check = new Point(0, 0);
        for (int i = 0; i < 30; i++) check = new Point(check.X + i % 3 - 1, check.Y + (i % 4 == 0 ? 1 : -1 + i % 2));
        if (check != pos) return Fail(13, "points");
        if (m.Count != 66 || m.Label.Length != 13) return Fail(14, "mutable");
        if (!eq || neqBase) return Fail(15, "equality");
        Console.WriteLine("verify: ok");
        return 0;
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"FAIL({code}): {message}");
        return code;
    }
}
