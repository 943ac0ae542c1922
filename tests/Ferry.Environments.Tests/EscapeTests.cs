using Ferry.Abstractions.Environments;
using Ferry.Environments.Definition;
using Ferry.Environments.Tests.Support;
using Ferry.Environments.View;

namespace Ferry.Environments.Tests;

/// <summary>
/// Attempts to leave an environment through its view, each done as an app would (through the paths a shim
/// maps), on real files and links. Every one must end refused, or inside the environment, with the host
/// untouched and the secret unread.
/// </summary>
public sealed class EscapeTests : IDisposable
{
    private readonly EnvironmentFixture _fx = new();
    private readonly EnvironmentView _view;

    public EscapeTests() => _view = _fx.View();

    public void Dispose() => _fx.Dispose();

    private string Host(string inside, PathAccess access = PathAccess.Create) => _view.MapPath(inside, access);

    /// <summary>The app makes a symbolic link at <paramref name="inside"/> (the link text is stored as given).</summary>
    private void Link(string inside, string target)
    {
        var host = Host(inside);
        Directory.CreateDirectory(Path.GetDirectoryName(host)!);
        File.CreateSymbolicLink(host, target);
    }

    private static string Up(int levels) => string.Concat(Enumerable.Repeat("../", levels));

    [Fact]
    public void Absolute_host_path_is_read_as_an_inside_path() => _fx.AssertSecretUnreadable(_view, _fx.Secret);

    [Fact]
    public void Dotdot_traversal_from_the_root_stays_inside() => _fx.AssertSecretUnreadable(_view, "/" + Up(30) + _fx.Secret.TrimStart('/'));

    [Fact]
    public void Relative_dotdot_past_the_root_from_the_current_directory_stays_inside() =>
        _fx.AssertSecretUnreadable(_view, Up(40) + _fx.Secret.TrimStart('/'));

    [Fact]
    public void Dotdot_below_a_host_mapping_does_not_climb_the_host_directory()
    {
        // Inside, /ro/.. is /, not the host directory above ro-host (where "outside" is).
        _fx.AssertSecretUnreadable(_view, "/ro/sub/../../outside/secret.txt");
        Assert.StartsWith(_view.Paths.Root, Host("/ro/../outside/secret.txt", PathAccess.Read));
    }

    [Fact]
    public void Dotdot_written_in_the_middle_of_a_mapping_name_stays_under_the_mapping() =>
        Assert.Equal(Path.Combine(_fx.ReadOnlyHost, "file.txt"), Host("/ro/sub/./../file.txt", PathAccess.Read));

    [Fact]
    public void Absolute_symlink_made_inside_is_followed_inside()
    {
        Link("/data/link", _fx.Secret);
        _fx.AssertSecretUnreadable(_view, "/data/link");
        _fx.AssertWriteDoesNotReachHost(_view, "/data/link");
    }

    [Fact]
    public void Relative_symlink_climbing_past_the_root_stays_inside()
    {
        Link("/data/up", Up(40) + _fx.Secret.TrimStart('/'));
        _fx.AssertSecretUnreadable(_view, "/data/up");
    }

    [Fact]
    public void Symlink_to_a_host_directory_used_as_a_path_component_stays_inside()
    {
        Link("/data/dir", _fx.Outside);
        _fx.AssertSecretUnreadable(_view, "/data/dir/secret.txt");
        _fx.AssertWriteDoesNotReachHost(_view, "/data/dir/secret.txt");
    }

    [Fact]
    public void Symlink_to_the_root_followed_by_dotdot_stays_inside()
    {
        Link("/data/root", "/");
        _fx.AssertSecretUnreadable(_view, "/data/root/../../.." + _fx.Secret);
    }

    [Fact]
    public void Symlink_chain_ending_outside_stays_inside()
    {
        Link("/data/a", "b");
        Link("/data/b", "/tmp/c");
        Link("/tmp/c", _fx.Secret);
        _fx.AssertSecretUnreadable(_view, "/data/a");
        Assert.Equal(_fx.Secret, _view.Resolver.ResolveInside("/data/a", "/", followLast: true));
    }

    [Fact]
    public void Symlink_loop_is_refused()
    {
        Link("/data/a", "/data/b");
        Link("/data/b", "/data/a");
        var e = Assert.Throws<IOException>(() => Host("/data/a", PathAccess.Read));
        Assert.Contains("Too many levels of symbolic links", e.Message);
    }

    [Fact]
    public void Symlink_to_itself_is_refused()
    {
        Link("/data/self", "self");
        Assert.Throws<IOException>(() => Host("/data/self/x", PathAccess.Read));
    }

    [Fact]
    public void Link_chains_follow_the_kernels_limit_of_40()
    {
        for (int i = 0; i < 41; i++) Link($"/data/l{i}", $"l{i + 1}");
        File.WriteAllText(Host("/data/l41"), "end");
        Assert.Throws<IOException>(() => Host("/data/l0", PathAccess.Read)); // 41 links
        Assert.Equal("end", File.ReadAllText(Host("/data/l1", PathAccess.Read))); // 40 links
    }

    [Fact]
    public void Symlink_planted_in_a_read_only_host_directory_is_read_as_an_inside_path()
    {
        // Made on the host side (not through the view): still interpreted inside.
        File.CreateSymbolicLink(Path.Combine(_fx.ReadOnlyHost, "planted"), _fx.Secret);
        _fx.AssertSecretUnreadable(_view, "/ro/planted");
    }

    [Fact]
    public void Relative_symlink_in_a_copy_on_write_host_directory_cannot_climb_out_of_it()
    {
        // On the host ../outside/secret.txt from cow-host is the secret; inside it is /outside/secret.txt.
        File.CreateSymbolicLink(Path.Combine(_fx.CowHost, "planted"), "../outside/secret.txt");
        _fx.AssertSecretUnreadable(_view, "/cow/planted");
        _fx.AssertWriteDoesNotReachHost(_view, "/cow/planted");
    }

    [Fact]
    public void Directory_swapped_for_a_symlink_between_two_uses_is_seen_at_the_second()
    {
        var dir = Host("/data/d");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "secret.txt"), "mine");
        Assert.Equal(Path.Combine(dir, "secret.txt"), Host("/data/d/secret.txt", PathAccess.Read));
        // Another thread of the app replaces the directory with a link out: nothing was cached.
        Directory.Delete(dir, recursive: true);
        File.CreateSymbolicLink(dir, _fx.Outside);
        _fx.AssertSecretUnreadable(_view, "/data/d/secret.txt");
    }

    [Fact]
    public void Writing_through_a_dangling_symlink_creates_a_private_file()
    {
        Link("/data/dangling", _fx.Outside + "/new.txt");
        var host = Host("/data/dangling", PathAccess.Create);
        Assert.StartsWith(_view.Paths.Root + "/", host);
        Directory.CreateDirectory(Path.GetDirectoryName(host)!);
        File.WriteAllText(host, "x");
        Assert.False(File.Exists(Path.Combine(_fx.Outside, "new.txt")));
    }

    [Fact]
    public void Deleting_a_symlink_deletes_the_link_not_its_target()
    {
        Link("/data/to-ro", "/ro/file.txt");
        var host = Host("/data/to-ro", PathAccess.Delete);
        File.Delete(host);
        Assert.Equal(EnvironmentFixture.HostText, File.ReadAllText(Path.Combine(_fx.ReadOnlyHost, "file.txt")));
    }

    [Fact]
    public void Symlink_inside_to_a_read_only_file_does_not_make_it_writable()
    {
        Link("/data/to-ro", "/ro/file.txt");
        Assert.Throws<UnauthorizedAccessException>(() => Host("/data/to-ro", PathAccess.Write));
        _fx.AssertWriteDoesNotReachHost(_view, "/data/to-ro");
    }

    [Fact]
    public void Hard_link_to_a_read_only_host_file_gets_its_own_copy_before_a_write()
    {
        NativeLinks.HardLink(Host("/ro/file.txt", PathAccess.Read), Host("/data/hard"));
        _fx.AssertWriteDoesNotReachHost(_view, "/data/hard");
        Assert.Equal("pwned", File.ReadAllText(Host("/data/hard", PathAccess.Read)));
    }

    [Fact]
    public void Hard_link_to_a_copy_on_write_host_file_gets_its_own_copy_before_a_write()
    {
        NativeLinks.HardLink(Host("/cow/other.txt", PathAccess.Read), Host("/data/hard"));
        _fx.AssertWriteDoesNotReachHost(_view, "/data/hard");
    }

    [Fact]
    public void Hard_link_opened_for_create_does_not_truncate_the_host_file()
    {
        NativeLinks.HardLink(Host("/ro/file.txt", PathAccess.Read), Host("/tmp/hard"));
        using (new FileStream(Host("/tmp/hard", PathAccess.Create), FileMode.Create)) { }
        Assert.Equal(EnvironmentFixture.HostText, File.ReadAllText(Path.Combine(_fx.ReadOnlyHost, "file.txt")));
    }

    [Fact]
    public void Hard_link_made_into_a_copy_on_write_directory_is_broken_before_a_write()
    {
        NativeLinks.HardLink(Host("/ro/file.txt", PathAccess.Read), Host("/cow/sub/hard"));
        _fx.AssertWriteDoesNotReachHost(_view, "/cow/sub/hard");
    }

    [Fact]
    public void Proc_self_root_is_refused() =>
        Assert.Throws<UnauthorizedAccessException>(() => Host("/proc/self/root" + _fx.Secret, PathAccess.Read));

    [Fact]
    public void Proc_self_root_reached_by_a_relative_path_is_refused() =>
        Assert.Throws<UnauthorizedAccessException>(() => Host("../proc/./self/root/etc/passwd", PathAccess.Read));

    [Fact]
    public void Proc_pid_cwd_is_refused() =>
        Assert.Throws<UnauthorizedAccessException>(() => Host($"/proc/{Environment.ProcessId}/cwd", PathAccess.Read));

    [Fact]
    public void Proc_pid_fd_and_environ_are_refused()
    {
        Assert.Throws<UnauthorizedAccessException>(() => Host("/proc/self/fd/0", PathAccess.Read));
        Assert.Throws<UnauthorizedAccessException>(() => Host("/proc/1/environ", PathAccess.Read));
        Assert.Throws<UnauthorizedAccessException>(() => Host("/proc/thread-self/root", PathAccess.Read));
        Assert.Throws<UnauthorizedAccessException>(() => Host("/proc/1/task/1/root", PathAccess.Read));
        Assert.Throws<UnauthorizedAccessException>(() => Host("/dev/fd/3", PathAccess.Read));
    }

    [Fact]
    public void Symlink_inside_to_proc_self_root_is_refused()
    {
        Link("/data/hostroot", "/proc/self/root");
        Assert.Throws<UnauthorizedAccessException>(() => Host("/data/hostroot" + _fx.Secret, PathAccess.Read));
    }

    [Fact]
    public void An_exception_for_proc_still_refuses_its_escape_hatches()
    {
        var view = _fx.View(_fx.Spec("procs", s => s with { PassThroughs = [new PassThrough(PassThroughKind.Path, "/proc")] }));
        // /proc/self is a host link ("PID"), read as an inside path: /proc/PID, passed through.
        Assert.Equal($"/proc/{Environment.ProcessId}/status", view.MapPath("/proc/self/status", PathAccess.Read));
        Assert.Throws<UnauthorizedAccessException>(() => view.MapPath("/proc/self/root/etc", PathAccess.Read));
        Assert.Throws<UnauthorizedAccessException>(() => view.MapPath("/proc/self/cwd", PathAccess.Read));
    }

    [Fact]
    public void Another_environments_files_are_not_reachable_by_their_host_path()
    {
        var other = _fx.View(_fx.Spec("other"));
        var theirs = other.MapPath("/data/private.txt", PathAccess.Create);
        File.WriteAllText(theirs, EnvironmentFixture.SecretText);
        var mine = _view.MapPath(theirs, PathAccess.Read);
        Assert.StartsWith(_view.Paths.Root + "/", mine);
        Assert.False(File.Exists(mine));
        Assert.False(File.Exists(_view.MapPath("/../other/root/data/private.txt", PathAccess.Read)));
    }

    [Fact]
    public void Another_environments_files_are_not_reachable_through_a_symlink()
    {
        var other = _fx.View(_fx.Spec("other"));
        var theirs = other.MapPath("/data/private.txt", PathAccess.Create);
        File.WriteAllText(theirs, EnvironmentFixture.SecretText);
        Link("/data/theirs", theirs);
        var host = _view.MapPath("/data/theirs", PathAccess.Read);
        Assert.NotEqual(theirs, host);
        Assert.False(File.Exists(host));
    }

    [Fact]
    public void Host_environment_variables_do_not_leak()
    {
        var host = new Dictionary<string, string> { ["HOME"] = "/home/host-user", ["AWS_SECRET"] = "s3cr3t", ["PATH"] = "/opt/host/bin" };
        var view = _fx.View(_fx.Spec("vars"), n => host.GetValueOrDefault(n));
        Assert.Null(view.GetVariable("AWS_SECRET"));
        Assert.Equal("/home/ferry", view.GetVariable("HOME"));
        Assert.Equal(EnvironmentView.DefaultPath, view.GetVariable("PATH"));
        Assert.DoesNotContain(view.GetVariables().Values, v => v.Contains("s3cr3t") || v.Contains("host-user") || v.Contains("/opt/host"));
        Assert.DoesNotContain(Environment.UserName, view.UserName == Environment.UserName ? [] : new[] { view.UserName });
    }

    [Fact]
    public void Only_the_host_variables_listed_as_exceptions_pass_through()
    {
        var host = new Dictionary<string, string> { ["LANG"] = "de_DE.UTF-8", ["AWS_SECRET"] = "s3cr3t" };
        var view = _fx.View(_fx.Spec("vars", s => s with { PassThroughs = [new PassThrough(PassThroughKind.Variable, "LANG")] }), n => host.GetValueOrDefault(n));
        Assert.Equal("de_DE.UTF-8", view.GetVariable("LANG"));
        Assert.Null(view.GetVariable("AWS_SECRET"));
    }

    [Fact]
    public void Setting_a_variable_inside_does_not_change_the_host_process()
    {
        _view.SetVariable("FERRY_ESCAPE_TEST", "inside");
        Assert.Equal("inside", _view.GetVariable("FERRY_ESCAPE_TEST"));
        Assert.Null(Environment.GetEnvironmentVariable("FERRY_ESCAPE_TEST"));
    }

    [Fact]
    public void Copy_on_write_writes_never_reach_the_host_file()
    {
        _fx.AssertWriteDoesNotReachHost(_view, "/cow/file.txt");
        _fx.AssertWriteDoesNotReachHost(_view, "/cow/sub/deep.txt");
        Assert.Equal("pwned", File.ReadAllText(_view.MapPath("/cow/file.txt", PathAccess.Read)));
    }

    [Fact]
    public void Copy_on_write_deletes_never_reach_the_host_file()
    {
        File.Delete(Host("/cow/file.txt", PathAccess.Delete));
        Directory.Delete(Host("/cow/sub", PathAccess.Delete), recursive: true);
        Assert.True(File.Exists(Path.Combine(_fx.CowHost, "file.txt")));
        Assert.True(File.Exists(Path.Combine(_fx.CowHost, "sub", "deep.txt")));
        Assert.False(File.Exists(Host("/cow/file.txt", PathAccess.Read)));
        Assert.False(File.Exists(Host("/cow/sub/deep.txt", PathAccess.Read)));
    }

    [Theory]
    [InlineData(PathAccess.Write)]
    [InlineData(PathAccess.Create)]
    [InlineData(PathAccess.Delete)]
    public void Read_only_mapping_refuses_every_kind_of_write(PathAccess access)
    {
        Assert.Throws<UnauthorizedAccessException>(() => Host("/ro/file.txt", access));
        Assert.Throws<UnauthorizedAccessException>(() => Host("/ro/new.txt", access));
        Assert.Throws<UnauthorizedAccessException>(() => Host("/ro", access));
    }

    [Theory]
    [InlineData("/ro/")]
    [InlineData("/ro/.")]
    [InlineData("//ro//file.txt")]
    [InlineData("/./ro/./file.txt")]
    [InlineData("/ro/file.txt/")]
    public void Read_only_mapping_holds_for_odd_spellings(string inside) =>
        Assert.Throws<UnauthorizedAccessException>(() => Host(inside, PathAccess.Write));

    [Fact]
    public void Deny_path_prefix_does_not_match_a_longer_name_but_catches_every_spelling()
    {
        var view = _fx.View(_fx.Spec("deny", s => s with { Policies = new Policies { DenyPaths = ["/data"] } }));
        Assert.StartsWith(view.Paths.Root, view.MapPath("/data2/x", PathAccess.Create));
        foreach (var spelling in new[] { "/data", "/data/", "/data/.", "/data/x", "//data/x", "/./data/x", "/data2/../data/x", "/tmp/../data/x", "data/x" })
        {
            view.CurrentDirectory = "/";
            Assert.Throws<UnauthorizedAccessException>(() => view.MapPath(spelling, PathAccess.Read));
        }
    }

    [Fact]
    public void Deny_path_reached_through_a_symlink_is_refused()
    {
        var view = _fx.View(_fx.Spec("deny", s => s with { Policies = new Policies { DenyPaths = ["/ro/sub"] } }));
        File.CreateSymbolicLink(view.MapPath("/tmp/l", PathAccess.Create), "/ro/sub");
        Assert.Throws<UnauthorizedAccessException>(() => view.MapPath("/tmp/l/deep.txt", PathAccess.Read));
        Assert.DoesNotContain(view.EnumerateEntries("/ro", "*", SearchOption.AllDirectories, EntryKinds.All), e => e.StartsWith("/ro/sub", StringComparison.Ordinal));
    }

    [Fact]
    public void Nul_bytes_are_refused() =>
        Assert.Throws<ArgumentException>(() => Host("/data/x\0" + _fx.Secret, PathAccess.Read));

    [Fact]
    public void Overlong_paths_and_components_are_refused()
    {
        Assert.Throws<PathTooLongException>(() => Host("/data/" + new string('a', 5000), PathAccess.Read));
        Assert.Throws<PathTooLongException>(() => Host("/data/" + new string('a', 300), PathAccess.Read));
        // Many short components that collapse under '..' are fine as long as the text fits.
        Assert.StartsWith(_view.Paths.Root, Host("/data/" + string.Concat(Enumerable.Repeat("a/../", 500)) + "x", PathAccess.Read));
    }

    [Fact]
    public void Case_variants_of_a_mapping_are_other_paths_and_private()
    {
        var host = Host("/RO/file.txt", PathAccess.Create);
        Assert.StartsWith(_view.Paths.Root + "/", host);
        _fx.AssertWriteDoesNotReachHost(_view, "/RO/file.txt");
        _fx.AssertWriteDoesNotReachHost(_view, "/Cow/file.txt");
    }

    [Fact]
    public void A_mapping_whose_host_path_holds_the_environments_is_refused_at_create()
    {
        Directory.CreateDirectory(_fx.Home.EnvironmentsDir);
        var e = Assert.Throws<EnvironmentException>(() => _fx.Store.Create(_fx.Spec("sneaky", s => s with { Mappings = [Mapping.PathOf("/envs", _fx.Home.EnvironmentsDir, PathMode.ReadOnly)] })));
        Assert.Contains("holds Ferry's environments", e.Message);
        e = Assert.Throws<EnvironmentException>(() => _fx.Store.Create(_fx.Spec("sneaky", s => s with { Mappings = [Mapping.PathOf("/all", _fx.Dir, PathMode.ReadOnly)] })));
        Assert.Contains("holds Ferry's environments", e.Message);
    }

    [Fact]
    public void Listing_does_not_follow_links_out()
    {
        Link("/data/out", _fx.Outside);
        var entries = _view.EnumerateEntries("/data", "*", SearchOption.AllDirectories, EntryKinds.All);
        Assert.DoesNotContain(entries, e => e.EndsWith("secret.txt", StringComparison.Ordinal));
    }

    [Fact]
    public void ToInsidePath_never_hands_out_the_environment_root()
    {
        var host = Host("/data/x.txt");
        Assert.Equal("/data/x.txt", _view.ToInsidePath(host));
        Assert.Equal("/ro/file.txt", _view.ToInsidePath(Path.Combine(_fx.ReadOnlyHost, "file.txt")));
    }

    [Fact]
    public void Moving_a_link_planted_on_the_copy_on_write_host_side_moves_the_link_not_the_host_target()
    {
        File.CreateSymbolicLink(Path.Combine(_fx.CowHost, "planted"), _fx.Secret);
        File.Move(Host("/cow/planted", PathAccess.Delete), Host("/data/moved"));
        Assert.Equal(_fx.Secret, new FileInfo(Path.Combine(_fx.CowHost, "planted")).LinkTarget); // the host's link stays
        _fx.AssertSecretUnreadable(_view, "/data/moved");
        Assert.Equal(_fx.Secret, new FileInfo(Host("/data/moved", PathAccess.Delete)).LinkTarget);
    }
}
