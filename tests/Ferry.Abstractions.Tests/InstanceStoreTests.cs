using System.Diagnostics;
using Ferry.Abstractions.Instances;
using Ferry.Abstractions.Processes;

namespace Ferry.Abstractions.Tests;

public sealed class InstanceStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly InstanceStore _store;

    public InstanceStoreTests() => _store = new InstanceStore(new FerryHome(_dir.Path));

    public void Dispose() => _dir.Dispose();

    private InstanceInfo Create(string? name = null, string stem = "app", Func<InstanceInfo, InstanceInfo>? adjust = null) =>
        _store.Create(name, stem, (id, n) =>
        {
            var info = new InstanceInfo { Id = id, Name = n, App = "/apps/App.dll", CreatedAt = DateTimeOffset.UtcNow };
            return adjust?.Invoke(info) ?? info;
        });

    [Fact]
    public void Create_makes_the_directory_and_record()
    {
        var info = Create();
        var paths = _store.Home.Instance(info.Id);
        Assert.True(Directory.Exists(paths.Dir));
        var stored = InstanceMetadataFile.TryRead(paths.Metadata)!;
        Assert.Equal((info.Id, info.Name, info.App, info.State), (stored.Id, stored.Name, stored.App, stored.State));
    }

    [Fact]
    public void Generated_names_count_up_from_the_stem()
    {
        Assert.Equal("counter-1", Create(stem: "counter").Name);
        Assert.Equal("counter-2", Create(stem: "counter").Name);
        Assert.Equal("hello-1", Create(stem: "hello").Name);
    }

    [Fact]
    public void A_requested_name_must_be_free()
    {
        var first = Create("web");
        var e = Assert.Throws<InstanceLookupException>(() => Create("web"));
        Assert.Contains(first.Id, e.Message);
        Assert.Single(_store.List());
    }

    [Fact]
    public void A_requested_name_must_be_valid()
    {
        Assert.Throws<InstanceLookupException>(() => Create("bad name"));
        Assert.False(Directory.Exists(_store.Home.InstancesDir) && Directory.EnumerateDirectories(_store.Home.InstancesDir).Any());
    }

    [Fact]
    public void Concurrent_creators_never_share_a_name()
    {
        var names = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 24, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ => names.Add(Create(stem: "race").Name));
        Assert.Equal(24, names.Distinct().Count());
    }

    [Fact]
    public void Resolve_by_id_name_and_unique_prefix()
    {
        var a = Create("alpha");
        var b = Create("beta");
        Assert.Equal(a.Id, _store.Resolve(a.Id).Id);
        Assert.Equal(b.Id, _store.Resolve("beta").Id);
        var prefix = Enumerable.Range(1, InstanceId.Length).Select(n => a.Id[..n]).First(p => !b.Id.StartsWith(p, StringComparison.Ordinal));
        Assert.Equal(a.Id, _store.Resolve(prefix).Id);
    }

    [Fact]
    public void Resolve_refuses_unknown_and_ambiguous_queries()
    {
        Assert.Contains("no instance", Assert.Throws<InstanceLookupException>(() => _store.Resolve("nothing")).Message);
        // Enough instances that some pair shares a first hex digit.
        var all = Enumerable.Range(0, 17).Select(_ => Create()).ToList();
        var shared = all.GroupBy(i => i.Id[..1]).First(g => g.Count() > 1).Key;
        Assert.Contains("matches", Assert.Throws<InstanceLookupException>(() => _store.Resolve(shared)).Message);
    }

    [Fact]
    public void A_name_wins_over_an_id_prefix()
    {
        var target = Create();
        var named = Create(target.Id[..3]);
        Assert.Equal(named.Id, _store.Resolve(target.Id[..3]).Id);
    }

    [Fact]
    public void List_is_oldest_first_and_skips_foreign_directories()
    {
        var a = Create();
        var b = Create();
        Directory.CreateDirectory(Path.Combine(_store.Home.InstancesDir, "not-an-id"));
        Assert.Equal([a.Id, b.Id], _store.List().Select(i => i.Id));
    }

    [Fact]
    public void A_running_record_whose_host_is_gone_is_observed_as_lost()
    {
        var dead = DeadProcess();
        var info = Create(adjust: i => i with { State = InstanceState.Running, Pid = dead.Pid, PidStartTime = dead.StartTime });
        var observed = _store.Find(info.Id)!;
        Assert.Equal(InstanceState.Lost, observed.State);
        Assert.NotNull(observed.Error);
        // The record itself is left as the host wrote it.
        Assert.Equal(InstanceState.Running, InstanceMetadataFile.TryRead(_store.Home.Instance(info.Id).Metadata)!.State);
    }

    [Fact]
    public void A_running_record_whose_host_lives_stays_running()
    {
        var self = ProcessIdentity.Current();
        var info = Create(adjust: i => i with { State = InstanceState.Running, Pid = self.Pid, PidStartTime = self.StartTime });
        Assert.Equal(InstanceState.Running, _store.Find(info.Id)!.State);
    }

    [Fact]
    public void A_reused_pid_does_not_count_as_our_host()
    {
        var self = ProcessIdentity.Current();
        var info = Create(adjust: i => i with { State = InstanceState.Running, Pid = self.Pid, PidStartTime = self.StartTime + 1 });
        Assert.Equal(InstanceState.Lost, _store.Find(info.Id)!.State);
    }

    [Fact]
    public void A_created_record_waits_for_its_host_only_so_long()
    {
        var fresh = Create();
        var stale = Create(adjust: i => i with { CreatedAt = DateTimeOffset.UtcNow - InstanceStore.StartGrace - TimeSpan.FromSeconds(1) });
        Assert.Equal(InstanceState.Created, _store.Find(fresh.Id)!.State);
        Assert.Equal(InstanceState.Lost, _store.Find(stale.Id)!.State);
    }

    [Fact]
    public void Ended_records_are_taken_as_they_are()
    {
        var info = Create(adjust: i => i with { State = InstanceState.Exited, ExitCode = 3, Pid = 1 });
        Assert.Equal(InstanceState.Exited, _store.Find(info.Id)!.State);
    }

    [Fact]
    public void Remove_deletes_the_instance()
    {
        var info = Create();
        _store.Remove(info.Id);
        Assert.Null(_store.Find(info.Id));
        Assert.Empty(_store.List());
    }

    private static ProcessIdentity DeadProcess()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        var identity = new ProcessIdentity(process.Id, ProcessIdentity.ReadStartTime(process.Id) ?? 1);
        process.WaitForExit();
        return identity;
    }
}
