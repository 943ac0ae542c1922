namespace Ferry.Scenarios.Tests;

/// <summary>Locates the repository (the directory holding Ferry.sln) from the test binary.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();
    public static string ScenariosDir => Path.Combine(Root, "tests", "Scenarios");
    public static string ScenariosProject => Path.Combine(ScenariosDir, "Scenarios.proj");
    public static string Launcher => Path.Combine(Root, "ferry");

    private static string FindRoot()
    {
        if (Environment.GetEnvironmentVariable("FERRY_REPO") is { Length: > 0 } env) return Path.GetFullPath(env);
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Ferry.sln")) && Directory.Exists(Path.Combine(dir.FullName, "tests", "Scenarios")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"cannot find the repository root (Ferry.sln) above {AppContext.BaseDirectory}; set FERRY_REPO");
    }
}
