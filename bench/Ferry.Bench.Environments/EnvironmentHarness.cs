using System.Diagnostics;
using Ferry.Abstractions;
using Ferry.Abstractions.Environments;
using Ferry.Environments.Definition;
using Ferry.Environments.Storage;
using Ferry.Environments.View;

namespace Ferry.Bench.Environments;

/// <summary>
/// Times the environment store on real files: create with an app directory of a given size (copied),
/// copy of that environment, a fresh environment as <c>ferry run</c> makes it (app seen copy-on-write, nothing
/// copied), opening a view, and resolving paths. Prints the median of the repeats.
/// </summary>
internal static class EnvironmentHarness
{
    public static int Run(int megabytes, int repeats, string workDir)
    {
        if (Directory.Exists(workDir)) Directory.Delete(workDir, recursive: true);
        var app = Path.Combine(workDir, "app");
        var (files, bytes) = MakeApp(app, megabytes);
        Console.WriteLine($"app directory: {files} files, {bytes / (1024.0 * 1024):F1} MiB in {app}");
        var store = new EnvironmentStore(new FerryHome(Path.Combine(workDir, "home")));

        var create = new List<double>();
        var copy = new List<double>();
        var fresh = new List<double>();
        var open = new List<double>();
        for (int i = 0; i < repeats; i++)
        {
            create.Add(Time(() => store.Create(new EnvironmentSpec { Name = $"c{i}", AppDirectory = app })));
            copy.Add(Time(() => store.Copy($"c{i}", $"k{i}")));
            fresh.Add(Time(() => store.Create(new EnvironmentSpec { Name = $"inst-{i}", AppOverlay = app, Ephemeral = true })));
            open.Add(Time(() => EnvironmentView.Open(store.PathsOf($"inst-{i}").Dir).Dispose()));
            store.Remove($"c{i}");
            store.Remove($"k{i}");
        }
        Report($"env create --app ({megabytes} MB)", create);
        Report($"env copy ({megabytes} MB of private files)", copy);
        Report("fresh environment for run (app copy-on-write)", fresh);
        Report("open a view (Ferry.Host start)", open);

        using var view = EnvironmentView.Open(store.PathsOf("inst-0").Dir);
        var paths = Directory.EnumerateFiles(app, "*", SearchOption.AllDirectories).Take(100).Select(p => "/app/" + Path.GetRelativePath(app, p)).ToArray();
        for (int w = 0; w < 1000; w++) view.MapPath(paths[w % paths.Length], PathAccess.Read);
        const int calls = 100_000;
        var sw = Stopwatch.StartNew();
        for (int n = 0; n < calls; n++) view.MapPath(paths[n % paths.Length], PathAccess.Read);
        var mapped = sw.Elapsed.TotalMilliseconds * 1000 / calls;
        // Baseline: what the host call itself costs at least (one stat of the same file).
        var hostPaths = paths.Select(p => Path.Combine(app, p["/app/".Length..])).ToArray();
        sw.Restart();
        for (int n = 0; n < calls; n++) File.Exists(hostPaths[n % hostPaths.Length]);
        var exists = sw.Elapsed.TotalMilliseconds * 1000 / calls;
        Console.WriteLine($"MapPath (read, /app/<dir>/<dir>/<file>, copy-on-write): {mapped:F2} µs per call; File.Exists of the host file: {exists:F2} µs ({mapped / exists:F1}x)");
        Directory.Delete(workDir, recursive: true);
        return 0;
    }

    /// <summary>An app-like tree: many small files (assemblies, resources) and a few large ones.</summary>
    private static (int Files, long Bytes) MakeApp(string dir, int megabytes)
    {
        var random = new Random(42);
        long target = (long)megabytes << 20, written = 0;
        int files = 0;
        var buffer = new byte[4 << 20];
        while (written < target)
        {
            var sub = Path.Combine(dir, $"lib{files % 8}", $"part{files % 3}");
            Directory.CreateDirectory(sub);
            // Every 50th file is 4 MiB, the rest 8-200 KiB.
            int size = files % 50 == 49 ? buffer.Length : random.Next(8 << 10, 200 << 10);
            size = (int)Math.Min(size, target - written);
            random.NextBytes(buffer.AsSpan(0, size));
            File.WriteAllBytes(Path.Combine(sub, $"file{files}.dll"), buffer.AsSpan(0, size).ToArray());
            written += size;
            files++;
        }
        return (files, written);
    }

    private static double Time(Action action)
    {
        var sw = Stopwatch.StartNew();
        action();
        return sw.Elapsed.TotalMilliseconds;
    }

    private static void Report(string what, List<double> times)
    {
        var sorted = times.Order().ToList();
        Console.WriteLine($"{what}: median {sorted[sorted.Count / 2]:F1} ms (min {sorted[0]:F1}, max {sorted[^1]:F1}, n={sorted.Count})");
    }
}
