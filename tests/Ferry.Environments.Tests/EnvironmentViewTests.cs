using System.ComponentModel;
using System.Net.Sockets;
using Ferry.Abstractions.Environments;
using Ferry.Environments.Definition;
using Ferry.Environments.Tests.Support;

namespace Ferry.Environments.Tests;

/// <summary>The view's names, ports, policies, limits, directories and auto mappings.</summary>
public sealed class EnvironmentViewTests : IDisposable
{
    private readonly EnvironmentFixture _fx = new();

    public void Dispose() => _fx.Dispose();

    [Fact]
    public void Names_and_directories_default_to_the_environments_own()
    {
        var view = _fx.View();
        Assert.Equal(("e", "ferry", "/app", "/tmp/"), (view.MachineName, view.UserName, view.CurrentDirectory, view.TempPath));
        Assert.Equal(view.Definition.ProcessId, view.ProcessId);
        Assert.InRange(view.ProcessId, 100, 32767);
        Assert.Null(view.MaxFileSize);
    }

    [Fact]
    public void Given_names_variables_and_limits_are_seen()
    {
        var view = _fx.View(_fx.Spec("named", s => s with
        {
            Mappings = [.. s.Mappings, Mapping.Of(MappingKind.Hostname, "box"), Mapping.Of(MappingKind.Username, "ann"), Mapping.Of(MappingKind.Cwd, "/data"), Mapping.Of(MappingKind.Variable, "HOME", "/data")],
            Limits = new Limits { FileSizeBytes = 1024 },
        }));
        Assert.Equal(("box", "ann", "/data", "/data"), (view.MachineName, view.UserName, view.CurrentDirectory, view.GetVariable("HOME")));
        Assert.Equal(1024, view.MaxFileSize);
        Assert.Equal("box", view.GetVariable("HOSTNAME"));
    }

    [Fact]
    public void Relative_paths_and_cd_work_against_the_inside_current_directory()
    {
        var view = _fx.View();
        File.WriteAllText(view.MapPath("notes.txt", PathAccess.Create), "n");
        Assert.Equal("/app/notes.txt", view.ToInsidePath(view.MapPath("notes.txt", PathAccess.Read)));
        view.CurrentDirectory = "../ro/sub";
        Assert.Equal("/ro/sub", view.CurrentDirectory);
        Assert.Equal(Path.Combine(_fx.ReadOnlyHost, "sub", "deep.txt"), view.MapPath("deep.txt", PathAccess.Read));
        Assert.Throws<DirectoryNotFoundException>(() => view.CurrentDirectory = "/nowhere");
        Assert.Equal("/ro/sub", view.CurrentDirectory);
    }

    [Fact]
    public void Published_ports_map_and_others_bind_as_themselves()
    {
        var view = _fx.View(_fx.Spec("ports", s => s with { Mappings = [SpecSyntax.ParsePublish("18080:80")] }));
        Assert.Equal(18080, view.MapBindPort(80));
        Assert.Equal(81, view.MapBindPort(81));
        Assert.Equal(0, view.MapBindPort(0));
        view.CheckConnect("localhost", 80);
    }

    [Fact]
    public void Deny_network_fails_binds_and_connects_with_access_denied()
    {
        var view = _fx.View(_fx.Spec("nonet", s => s with { Policies = new Policies { DenyNetwork = true } }));
        Assert.Equal(SocketError.AccessDenied, Assert.Throws<SocketException>(() => view.MapBindPort(80)).SocketErrorCode);
        Assert.Equal(SocketError.AccessDenied, Assert.Throws<SocketException>(() => view.CheckConnect("example.org", 443)).SocketErrorCode);
    }

    [Fact]
    public void Deny_process_start_fails_with_Win32Exception()
    {
        var view = _fx.View(_fx.Spec("noproc", s => s with { Policies = new Policies { DenyProcessStart = true } }));
        var e = Assert.Throws<Win32Exception>(() => view.CheckProcessStart("/bin/sh"));
        Assert.Equal(13, e.NativeErrorCode);
        _fx.View(_fx.Spec("procok")).CheckProcessStart("/bin/sh");
    }

    [Fact]
    public void Unmapped_paths_become_recorded_auto_mappings_once()
    {
        var view = _fx.View();
        Directory.CreateDirectory(view.MapPath("/var/log", PathAccess.Create));
        File.WriteAllText(view.MapPath("/var/log/app.log", PathAccess.Create), "log");
        view.MapPath("/var/other", PathAccess.Read);
        view.MapPath("/etc/hosts", PathAccess.Read);
        view.MapPath("/data/mapped", PathAccess.Read);
        var autos = _fx.Store.Read("e").Mappings.Where(m => m.Origin == MappingOrigin.Auto).Select(m => (m.Inside, m.Mode)).ToList();
        Assert.Equal([("/var", PathMode.Private), ("/etc", PathMode.Private)], autos);
        Assert.StartsWith(view.Paths.Root + "/var/log/", view.MapPath("/var/log/app.log", PathAccess.Read));
    }

    [Fact]
    public void Concurrent_use_records_each_auto_mapping_once()
    {
        var view = _fx.View();
        Parallel.For(0, 400, i => view.MapPath($"/auto{i % 20}/f{i}", PathAccess.Read));
        Assert.Equal(20, _fx.Store.Read("e").Mappings.Count(m => m.Origin == MappingOrigin.Auto));
    }

    [Fact]
    public void The_hosts_app_directory_is_seen_read_only_at_its_own_path()
    {
        _fx.Store.Create(_fx.Spec());
        var woven = Path.Combine(_fx.Dir, "woven");
        Directory.CreateDirectory(woven);
        File.WriteAllText(Path.Combine(woven, "settings.json"), "{}");
        using var view = View.EnvironmentView.Open(_fx.Store.Find("e").Dir, appDirectory: woven);
        Assert.Equal(Path.Combine(woven, "settings.json"), view.MapPath(Path.Combine(woven, "settings.json"), PathAccess.Read));
        Assert.Throws<UnauthorizedAccessException>(() => view.MapPath(Path.Combine(woven, "settings.json"), PathAccess.Write));
        // Only for this process: nothing recorded.
        Assert.DoesNotContain(_fx.Store.Read("e").Mappings, m => m.Inside == woven);
        Assert.StartsWith(view.Paths.Root, view.MapPath(_fx.Secret, PathAccess.Read));
    }
}
