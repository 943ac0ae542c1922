using Ferry.Abstractions.Instances;

namespace Ferry.Cli.Tests;

/// <summary>ferry run, ps, logs, kill, rm with real processes, on the plain samples.</summary>
public sealed class RunTests : IDisposable
{
    private readonly FerryCli _ferry = new();

    public void Dispose() => _ferry.Dispose();

    [Fact]
    public void Foreground_run_passes_output_through_and_returns_the_apps_exit_code()
    {
        var result = _ferry.Run("run", FerryCli.Hello, "Ann", "3");
        Assert.Equal(3, result.ExitCode);
        Assert.Equal("Hello, Ann!\nbye\n", result.Stdout);
        Assert.Equal("a line on stderr\n", result.Stderr);

        var instance = Assert.Single(_ferry.Store.List());
        Assert.Equal((InstanceState.Exited, 3, "hello-1"), (instance.State, instance.ExitCode, instance.Name));
        Assert.Equal(Path.GetFullPath(FerryCli.Hello), instance.App);
        Assert.StartsWith(_ferry.Home.CacheDir, instance.WovenApp);
    }

    [Fact]
    public void Arguments_after_the_app_are_the_apps_even_when_they_look_like_options()
    {
        var result = _ferry.Run("run", "--name", "g", FerryCli.Hello, "--name", "7");
        Assert.Equal(7, result.ExitCode);
        Assert.Equal("Hello, --name!\nbye\n", result.Stdout);
        Assert.Equal(["--name", "7"], _ferry.Store.Resolve("g").Args);
    }

    [Fact]
    public void Detached_run_prints_only_the_id_and_the_instance_outlives_the_cli()
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var id = _ferry.StartDetached("--name", "counter", FerryCli.Counter);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(20));

        var row = _ferry.PsRow(id);
        Assert.Equal("running", row.GetProperty("state").GetString());
        Assert.Equal("counter", row.GetProperty("name").GetString());
        var pid = row.GetProperty("pid").GetInt32();
        Assert.True(new Abstractions.Processes.ProcessIdentity(pid, 0).IsAlive());

        _ferry.WaitForOutput(id, "count 3\n");
        Assert.StartsWith("count 1\ncount 2\ncount 3\n", _ferry.Ok("logs", "counter"));

        Assert.Equal(id + "\n", _ferry.Ok("kill", id[..5]));
        Assert.Equal("killed", _ferry.State(id));
        Assert.False(new Abstractions.Processes.ProcessIdentity(pid, 0).IsAlive());
        // The log stays readable after the end.
        Assert.StartsWith("count 1\n", _ferry.Ok("logs", id));
    }

    [Fact]
    public void Detached_output_is_kept_in_order_across_both_streams()
    {
        var id = _ferry.StartDetached(FerryCli.Hello, "Di");
        Eventually(() => _ferry.State(id) == "exited");
        var logs = _ferry.Run("logs", id);
        Assert.Equal("Hello, Di!\nbye\n", logs.Stdout);
        Assert.Equal("a line on stderr\n", logs.Stderr);
    }

    [Fact]
    public void Logs_follow_prints_until_the_instance_ends()
    {
        var id = _ferry.StartDetached(FerryCli.Counter, "4");
        var result = _ferry.Run("logs", "-f", id);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("count 1\ncount 2\ncount 3\ncount 4\ncounted to 4\n", result.Stdout);
        Assert.Equal("exited", _ferry.State(id));
    }

    [Fact]
    public void Ps_lists_every_instance_with_its_state()
    {
        _ferry.Ok("run", FerryCli.Hello);
        var running = _ferry.StartDetached("--name", "c", FerryCli.Counter);
        var table = _ferry.Ok("ps");
        var lines = table.TrimEnd('\n').Split('\n');
        Assert.Matches(@"^ID\s+NAME\s+STATE\s+PID\s+UPTIME\s+ORIGIN\s+APP$", lines[0]);
        Assert.Matches(@"^[0-9a-f]{12}\s+hello-1\s+exited \(0\)\s+-\s+-\s+-\s+/", lines[1]);
        Assert.Matches($@"^{running}\s+c\s+running\s+\d+\s+\d+(ms|s)\s+-\s+/", lines[2]);
        var json = _ferry.PsRow(running);
        Assert.True(json.GetProperty("uptimeSeconds").GetDouble() >= 0);
        Assert.Equal(Path.GetFullPath(FerryCli.Counter), json.GetProperty("app").GetString());
    }

    [Fact]
    public void A_host_that_vanished_shows_as_lost()
    {
        var id = _ferry.StartDetached(FerryCli.Counter);
        var pid = _ferry.PsRow(id).GetProperty("pid").GetInt32();
        System.Diagnostics.Process.GetProcessById(pid).Kill();
        Eventually(() => _ferry.State(id) == "lost");
        var kill = _ferry.Run("kill", id);
        Assert.Equal(1, kill.ExitCode);
        Assert.StartsWith($"ferry: kill {id}: instance {id} is not running (lost: ", kill.Stderr);
    }

    [Fact]
    public void Names_are_unique_and_generated_ones_count_up()
    {
        _ferry.StartDetached("--name", "same", FerryCli.Counter);
        var again = _ferry.Run("run", "--detach", "--name", "same", FerryCli.Counter);
        Assert.Equal(1, again.ExitCode);
        Assert.Matches(@"^ferry: run .+Counter\.dll: the name ""same"" is already used by instance [0-9a-f]{12} \(remove it with ferry rm\)\n$", again.Stderr);
        Assert.Equal("", again.Stdout);
        Assert.Single(_ferry.InstanceDirs());

        _ferry.Ok("run", FerryCli.Hello);
        _ferry.Ok("run", FerryCli.Hello);
        Assert.Equal(["hello-1", "hello-2", "same"], _ferry.Store.List().Select(i => i.Name).Order());
    }

    [Fact]
    public void The_woven_app_is_cached_by_content()
    {
        _ferry.Ok("run", FerryCli.Hello);
        _ferry.Ok("run", FerryCli.Hello, "again");
        Assert.Single(Directory.GetDirectories(_ferry.Home.CacheDir));
        var woven = _ferry.Store.List().Select(i => i.WovenApp).Distinct().Single()!;
        Assert.True(File.Exists(woven));
    }

    [Fact]
    public void Rm_removes_ended_instances_and_refuses_running_ones_without_force()
    {
        _ferry.Ok("run", "--name", "done", FerryCli.Hello);
        var running = _ferry.StartDetached("--name", "live", FerryCli.Counter);

        var refused = _ferry.Run("rm", "done", "live");
        Assert.Equal(1, refused.ExitCode);
        Assert.Equal($"ferry: rm live: instance {running} is running (stop it with ferry kill, or use rm -f)\n", refused.Stderr);
        Assert.Equal(2, _ferry.InstanceDirs().Count); // nothing removed when one fails

        _ferry.Ok("rm", "-f", "done", "live");
        Assert.Empty(_ferry.InstanceDirs());
    }

    [Fact]
    public void Kill_of_an_ended_instance_says_so()
    {
        Assert.Equal(4, _ferry.Run("run", "--name", "h", FerryCli.Hello, "x", "4").ExitCode);
        var result = _ferry.Run("kill", "h");
        Assert.Equal(1, result.ExitCode);
        Assert.Matches(@"^ferry: kill h: instance [0-9a-f]{12} is not running \(exited with 4\)\n$", result.Stderr);
    }

    private static void Eventually(Func<bool> condition) => Ferry.Tests.Support.Eventually.True(condition, "the state changes");
}
