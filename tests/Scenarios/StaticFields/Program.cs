// Static fields and class constructors: statics are part of the image; a static constructor
// that already ran must not run again after restore, and one that did not run yet must run once.
namespace StaticFields;

internal static class Registry
{
    public static readonly List<string> Names;
    public static int Lookups;

    static Registry()
    {
        Console.WriteLine("Registry static constructor ran");
        Names = new List<string> { "zero", "one", "two" };
    }

    public static string Get(int i)
    {
        Lookups++;
        while (Names.Count <= i) Names.Add("n" + Names.Count);
        return Names[i];
    }
}

internal static class LateTable
{
    public static readonly int[] Squares = Build();

    static LateTable() => Console.WriteLine("LateTable static constructor ran");

    private static int[] Build()
    {
        var a = new int[20];
        for (int i = 0; i < a.Length; i++) a[i] = i * i;
        return a;
    }
}

internal sealed class Settings
{
    private static Settings? s_instance;
    public static int Created;

    private Settings() { Created++; Values["mode"] = "fast"; }

    public static Settings Instance => s_instance ??= new Settings();
    public Dictionary<string, string> Values { get; } = new();
}

internal static class Program
{
    private static int s_counter;
    private static long s_total = 5;
    private static string s_trail = "";
    private static readonly object s_identity = new();
    private static readonly (int A, string B) s_pair = (4, "four");
    private const int Limit = 30;

    private static int Main()
    {
        object id = s_identity;
        for (int i = 0; i < Limit; i++)
        {
            s_counter++;
            s_total += s_counter * 2;
            if (i % 3 == 0) s_trail += Registry.Get(i / 3)[0];
            if (i == 12) Console.WriteLine("touching LateTable at i=12: " + LateTable.Squares[7]);
            if (i >= 20) Settings.Instance.Values["last"] = i.ToString();
        }
        Console.WriteLine($"counter={s_counter} total={s_total} trail={s_trail}");
        Console.WriteLine($"registry names={Registry.Names.Count} lookups={Registry.Lookups}");
        Console.WriteLine($"settings created={Settings.Created} last={Settings.Instance.Values["last"]} mode={Settings.Instance.Values["mode"]}");
        Console.WriteLine($"pair={s_pair.A}/{s_pair.B} late[19]={LateTable.Squares[19]}");

        if (!ReferenceEquals(id, s_identity)) return Fail(11, "static readonly identity");
        if (s_counter != Limit) return Fail(12, "counter");
        if (s_total != 5 + Limit * (Limit + 1)) return Fail(13, $"total {s_total}");
        if (s_trail != "zotnnnnnnn") return Fail(14, $"trail {s_trail}");
        if (Registry.Lookups != 10 || Registry.Names.Count != 10) return Fail(15, "registry");
        if (Settings.Created != 1) return Fail(16, "settings");
        Console.WriteLine("verify: ok");
        return 0;
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"FAIL({code}): {message}");
        return code;
    }
}
