using System.Text.Json;

namespace Ferry.Scenarios.Tests;

/// <summary>What a scenario's optional scenario.json says about it.</summary>
/// <param name="KnownFailure">Why checkpoint → restore of this scenario is known to fail (it then runs as a skipped test, see docs/status.md).</param>
public sealed record ScenarioInfo(string Name, string Directory, bool Large, bool Threads, bool MayRefuse, string Notes, string? KnownFailure)
{
    public string Dll => Path.Combine(Directory, "bin", "Release", "net10.0", Name + ".dll");
}

/// <summary>Discovers scenarios at run time: every tests/Scenarios/&lt;Name&gt;/&lt;Name&gt;.csproj.</summary>
public static class ScenarioCatalog
{
    private static readonly Lazy<IReadOnlyList<ScenarioInfo>> s_all = new(Discover);

    public static IReadOnlyList<ScenarioInfo> All => s_all.Value;

    public static IEnumerable<ScenarioInfo> Selected =>
        All.Where(s => ScenarioSettings.Filter is null || ScenarioSettings.Filter.IsMatch(s.Name));

    public static ScenarioInfo Get(string name) =>
        All.FirstOrDefault(s => s.Name == name) ?? throw new ArgumentException($"no scenario named {name}");

    /// <summary>xunit theory data: the selected scenarios whose checkpoint → restore is expected to work.</summary>
    public static TheoryData<string> RestorableNames
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (ScenarioInfo s in Selected.Where(s => s.KnownFailure is null)) data.Add(s.Name);
            return data;
        }
    }

    /// <summary>xunit theory data: the selected scenario names.</summary>
    public static TheoryData<string> Names
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (ScenarioInfo s in Selected) data.Add(s.Name);
            return data;
        }
    }

    private static IReadOnlyList<ScenarioInfo> Discover()
    {
        var list = new List<ScenarioInfo>();
        foreach (string dir in Directory.GetDirectories(RepoPaths.ScenariosDir).OrderBy(d => d, StringComparer.Ordinal))
        {
            string name = Path.GetFileName(dir);
            if (name == "Ferry.Scenarios.Tests" || !File.Exists(Path.Combine(dir, name + ".csproj"))) continue;
            list.Add(Read(name, dir));
        }
        return list;
    }

    private static ScenarioInfo Read(string name, string dir)
    {
        string meta = Path.Combine(dir, "scenario.json");
        if (!File.Exists(meta)) return new ScenarioInfo(name, dir, false, false, false, "", null);
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(meta));
        JsonElement root = doc.RootElement;
        string size = root.TryGetProperty("size", out JsonElement s) ? s.GetString() ?? "small" : "small";
        if (size is not ("small" or "large")) throw new InvalidDataException($"{meta}: size must be \"small\" or \"large\"");
        bool threads = root.TryGetProperty("threads", out JsonElement t) && t.GetBoolean();
        bool mayRefuse = root.TryGetProperty("mayRefuse", out JsonElement r) && r.GetBoolean();
        string notes = root.TryGetProperty("notes", out JsonElement n) ? n.GetString() ?? "" : "";
        string? knownFailure = root.TryGetProperty("knownFailure", out JsonElement k) ? k.GetString() : null;
        return new ScenarioInfo(name, dir, size == "large", threads, mayRefuse, notes, knownFailure);
    }
}
