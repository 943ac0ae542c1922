using System.Text.Json;
using System.Text.RegularExpressions;

namespace Ferry.Cli.Tests;

/// <summary>checkpoint, restore and demo end to end: real woven Counter processes, real images.</summary>
public sealed partial class CheckpointTests : IDisposable
{
    private readonly FerryCli _ferry = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("ferry-ckpt").FullName;

    public void Dispose()
    {
        _ferry.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [GeneratedRegex(@"^count (\d+)$", RegexOptions.Multiline)]
    private static partial Regex CountLine();

    private static List<long> Counts(string output) => CountLine().Matches(output).Select(m => long.Parse(m.Groups[1].Value)).ToList();

    [Fact]
    public void Checkpoint_stops_the_instance_and_restore_goes_on_from_the_next_count()
    {
        var id = _ferry.StartDetached("--name", "c", FerryCli.Counter, "40");
        _ferry.WaitForOutput(id, "count 5\n");
        var image = Path.Combine(_dir, "c.ferry");

        var summary = _ferry.Ok("checkpoint", "c", "-o", image);
        Assert.Matches($@"^checkpointed c \({id}\) to {Regex.Escape(image)}: [\d.]+ (B|KiB|MiB), app paused [\d.]+ ms; instance stopped\n$", summary);
        Assert.True(File.Exists(image));
        Assert.False(File.Exists(image + ".partial"));
        Assert.Equal("checkpointed", _ferry.State(id));
        var before = Counts(_ferry.Ok("logs", id));
        Assert.Equal(Enumerable.Range(1, before.Count).Select(i => (long)i), before);

        // Foreground restore: the rest of the counting, from the next number, and the app's exit code.
        var restored = _ferry.Run("restore", "--name", "c2", image);
        Assert.Equal(0, restored.ExitCode);
        var after = Counts(restored.Stdout);
        Assert.Equal(Enumerable.Range(before.Count + 1, 40 - before.Count).Select(i => (long)i), after);
        Assert.EndsWith("counted to 40\n", restored.Stdout);

        var row = _ferry.PsRow(_ferry.Store.Resolve("c2").Id);
        Assert.Equal(("exited", image), (row.GetProperty("state").GetString(), row.GetProperty("restoredFrom").GetString()));
    }

    [Fact]
    public void Leave_running_keeps_the_instance_going_and_the_image_restores()
    {
        var id = _ferry.StartDetached(FerryCli.Counter);
        _ferry.WaitForOutput(id, "count 3\n");
        var image = Path.Combine(_dir, "live.ferry");
        using (var doc = JsonDocument.Parse(_ferry.Ok("checkpoint", id, "-o", image, "--leave-running", "--json")))
        {
            Assert.True(doc.RootElement.GetProperty("ok").GetBoolean());
            Assert.True(doc.RootElement.GetProperty("running").GetBoolean());
            Assert.True(doc.RootElement.GetProperty("imageBytes").GetInt64() > 0);
        }
        Assert.Equal("running", _ferry.State(id));
        var at = Counts(_ferry.Ok("logs", id)).Last();
        _ferry.WaitForOutput(id, $"count {at + 2}\n");

        var copy = _ferry.Ok("restore", "--detach", image).Trim();
        _ferry.WaitForOutput(copy, "count");
        var first = Counts(_ferry.Ok("logs", copy)).First();
        Assert.InRange(first, 2, at + 1); // the image was taken at or before the count seen after it
        _ferry.Ok("kill", copy);
        _ferry.Ok("kill", id);
    }

    [Fact]
    public void Image_show_describes_a_real_checkpoint()
    {
        var id = _ferry.StartDetached(FerryCli.Counter);
        _ferry.WaitForOutput(id, "count 2\n");
        var image = Path.Combine(_dir, "show.ferry");
        _ferry.Ok("checkpoint", id, "-o", image);
        var text = _ferry.Ok("image", "show", image);
        Assert.Matches($@"(?m)^ferry\.instanceId\s+{id}$", text);
        Assert.Matches(@"(?m)^Counter\s+\S+\s+[0-9a-f-]{36}$", text);
        Assert.Matches(@"(?m)^thread 1: .*$", text);
        Assert.Matches(@"(?m)^  .*Method=""[^""]*Main[^""]*"".*$", text); // the main frame, by method name
        Assert.Matches(@"(?m)^\d+ objects$", text);
    }

    [Fact]
    public void The_demo_moves_and_clones_the_service_between_two_nodes_and_leaves_nothing_running()
    {
        var result = _ferry.Run("demo");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("migrated tally", result.Stdout);
        Assert.Matches(@"(?m)^  clone [0-9a-f]{12} on b .*it answers ""demo = \d+""", result.Stdout);
        // Through the node's front, the client's one connection survives both moves and the clone.
        Assert.Matches(@"(?m)^The client got \d+ answers, each the total so far \+ 1 .*on the one connection it opened:$", result.Stdout);
        Assert.Empty(_ferry.ProcessesUnderHome());
        Assert.False(Directory.Exists(Path.Combine(_ferry.HomeDir, "demo")) && Directory.EnumerateFileSystemEntries(Path.Combine(_ferry.HomeDir, "demo")).Any());
    }

    [Fact]
    public void A_failed_checkpoint_leaves_the_instance_running_and_no_image()
    {
        var id = _ferry.StartDetached(FerryCli.Counter);
        _ferry.WaitForOutput(id, "count 1\n");
        const string image = "/proc/ferry-cannot-write-here.ferry"; // not even root can create files in /proc
        var result = _ferry.Run("checkpoint", id, "-o", image);
        Assert.Equal(1, result.ExitCode);
        Assert.Matches($@"^ferry: checkpoint {id}: .+; the (app|instance) keeps running\n$", result.Stderr);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(result.Stderr, "keeps running"));
        Assert.False(File.Exists(image));
        Assert.Equal("running", _ferry.State(id));
        var seen = Counts(_ferry.Ok("logs", id)).Last();
        _ferry.WaitForOutput(id, $"count {seen + 1}\n");
    }

    [Fact]
    public void Checkpoints_follow_one_another_and_each_image_restores()
    {
        var id = _ferry.StartDetached(FerryCli.Counter);
        var images = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            _ferry.WaitForOutput(id, $"count {(i + 1) * 3}\n");
            var image = Path.Combine(_dir, $"step{i}.ferry");
            _ferry.Ok("checkpoint", id, "-o", image, "--leave-running");
            images.Add(image);
        }
        _ferry.Ok("kill", id);
        var firsts = images.Select(image =>
        {
            var copy = _ferry.Ok("restore", "-d", image).Trim();
            _ferry.WaitForOutput(copy, "count");
            var first = Counts(_ferry.Ok("logs", copy)).First();
            _ferry.Ok("kill", copy);
            return first;
        }).ToList();
        Assert.True(firsts[0] < firsts[1] && firsts[1] < firsts[2], string.Join(", ", firsts));
    }
}
