namespace Ferry.Scenarios.Tests;

/// <summary>
/// A FERRY_HOME per ferry run (each point, the counting run, the leave-running run), linked from that run's
/// work directory as <c>home</c>: it goes with the directory when the point passes and stays with it (host
/// logs, instance records) when it fails. One shared home grew by an instance and an environment per call,
/// and creating an instance reads every record there: calls got slower the longer the suite ran.
/// The homes themselves live at short paths (<c>WORKDIR/h/PID.N</c>): an instance's control socket is in
/// its directory, and a Unix socket path has at most 107 bytes.
/// The counting run weaves the scenario; its woven-app cache is kept and copied into every later home
/// so that no other call weaves again.
/// </summary>
public static class ScenarioHomes
{
    private static readonly string s_wovenRoot = Path.Combine(WorkDirs.SessionRoot, ".woven");
    private static readonly string s_homesRoot = Path.Combine(ScenarioSettings.WorkRoot, "h");
    private static int s_homes;

    /// <summary>The name of the link from a work directory to its run's home.</summary>
    public const string LinkName = "home";

    static ScenarioHomes()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => RemoveWoven(WorkDirs.SessionRoot);
        // The test host does not always get to ProcessExit: earlier sessions whose process is gone lose theirs now.
        if (!Directory.Exists(ScenarioSettings.WorkRoot)) return;
        foreach (string session in Directory.EnumerateDirectories(ScenarioSettings.WorkRoot))
            if (session != WorkDirs.SessionRoot && Directory.Exists(Path.Combine(session, ".woven")) && !IsRunning(session))
                RemoveWoven(session);
    }

    /// <summary>The home for a run in <paramref name="workDir"/>, with the scenario's woven app in its cache if it is known already.</summary>
    public static string Create(string scenario, string workDir)
    {
        string home = Path.Combine(s_homesRoot, $"{Environment.ProcessId}.{Interlocked.Increment(ref s_homes)}");
        if (Directory.Exists(home)) Directory.Delete(home, recursive: true);
        Directory.CreateDirectory(home);
        Directory.CreateSymbolicLink(Path.Combine(workDir, LinkName), home);
        SeedWoven(scenario, home);
        return home;
    }

    /// <summary>Put the scenario's woven app, if it is known already, into <paramref name="home"/>'s cache (a node's too).</summary>
    public static void SeedWoven(string scenario, string home)
    {
        string cache = Path.Combine(home, "cache");
        Directory.CreateDirectory(cache);
        string woven = WovenOf(scenario);
        if (Directory.Exists(woven)) CopyTree(woven, cache);
    }

    /// <summary>Delete the home <paramref name="workDir"/> links to, if it has one (the work directory is about to go).</summary>
    public static void RemoveLinked(string workDir)
    {
        var link = new FileInfo(Path.Combine(workDir, LinkName));
        if (link.LinkTarget is { } home && Directory.Exists(home)) Directory.Delete(home, recursive: true);
    }

    /// <summary>Keep the woven-app cache of <paramref name="home"/> (the counting run's) for the scenario's later runs.</summary>
    public static void KeepWoven(string scenario, string home)
    {
        string cache = Path.Combine(home, "cache");
        string woven = WovenOf(scenario);
        if (!Directory.Exists(cache) || Directory.Exists(woven)) return;
        Directory.CreateDirectory(s_wovenRoot);
        CopyTree(cache, woven);
    }

    private static string WovenOf(string scenario) => Path.Combine(s_wovenRoot, scenario);

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        foreach (string file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)), overwrite: true);
    }

    /// <summary>Session directories end in "-PID" of the test host that made them.</summary>
    private static bool IsRunning(string session) =>
        int.TryParse(Path.GetFileName(session).Split('-')[^1], out int pid) && Directory.Exists($"/proc/{pid}");

    private static void RemoveWoven(string session)
    {
        try
        {
            string woven = Path.Combine(session, ".woven");
            if (Directory.Exists(woven)) Directory.Delete(woven, recursive: true);
            if (Directory.Exists(session) && !Directory.EnumerateFileSystemEntries(session).Any()) Directory.Delete(session);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
