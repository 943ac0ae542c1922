using Ferry.Abstractions.Environments;
using Ferry.Environments.Tests.Support;
using Ferry.Environments.View;

namespace Ferry.Environments.Tests;

/// <summary>Copy-on-write layering: per-file copy-up, whiteouts, merged listings; and listings of mapped directories.</summary>
public sealed class CopyOnWriteTests : IDisposable
{
    private readonly EnvironmentFixture _fx = new();
    private readonly EnvironmentView _view;

    public CopyOnWriteTests() => _view = _fx.View();

    public void Dispose() => _fx.Dispose();

    private IReadOnlyList<string> List(string dir, SearchOption option = SearchOption.TopDirectoryOnly, EntryKinds kinds = EntryKinds.All, string pattern = "*") =>
        _view.EnumerateEntries(dir, pattern, option, kinds);

    [Fact]
    public void Reads_fall_through_until_the_first_write_copies_the_file_up()
    {
        var host = Path.Combine(_fx.CowHost, "file.txt");
        Assert.Equal(host, _view.MapPath("/cow/file.txt", PathAccess.Read));
        var upper = _view.MapPath("/cow/file.txt", PathAccess.Write);
        Assert.StartsWith(_view.Paths.Root, upper);
        Assert.Equal(EnvironmentFixture.HostText, File.ReadAllText(upper)); // copied, not emptied
        File.AppendAllText(upper, " + inside");
        Assert.Equal(upper, _view.MapPath("/cow/file.txt", PathAccess.Read));
        Assert.Equal(EnvironmentFixture.HostText, File.ReadAllText(host));
        // Only that file was copied.
        Assert.Equal(Path.Combine(_fx.CowHost, "other.txt"), _view.MapPath("/cow/other.txt", PathAccess.Read));
    }

    [Fact]
    public void New_files_in_a_host_subdirectory_go_to_the_private_copy()
    {
        var host = _view.MapPath("/cow/sub/new.txt", PathAccess.Create);
        File.WriteAllText(host, "new");
        Assert.False(File.Exists(Path.Combine(_fx.CowHost, "sub", "new.txt")));
        Assert.Equal(["/cow/sub/deep.txt", "/cow/sub/new.txt"], List("/cow/sub"));
    }

    [Fact]
    public void Creating_in_a_directory_that_exists_nowhere_fails_as_on_the_host()
    {
        var host = _view.MapPath("/cow/none/new.txt", PathAccess.Create);
        Assert.Throws<DirectoryNotFoundException>(() => File.WriteAllText(host, "x"));
    }

    [Fact]
    public void Listings_merge_both_sides_and_hide_deletions()
    {
        File.WriteAllText(_view.MapPath("/cow/added.txt", PathAccess.Create), "a");
        File.WriteAllText(_view.MapPath("/cow/file.txt", PathAccess.Write), "w");
        File.Delete(_view.MapPath("/cow/other.txt", PathAccess.Delete));
        Assert.Equal(["/cow/added.txt", "/cow/file.txt", "/cow/sub"], List("/cow"));
        Assert.Equal(["/cow/added.txt", "/cow/file.txt"], List("/cow", kinds: EntryKinds.Files));
        Assert.Equal(["/cow/sub"], List("/cow", kinds: EntryKinds.Directories));
        Assert.Equal(["/cow/added.txt", "/cow/file.txt", "/cow/sub/deep.txt"], List("/cow", SearchOption.AllDirectories, EntryKinds.Files));
        Assert.Equal(["/cow/added.txt"], List("/cow", pattern: "a*"));
    }

    [Fact]
    public void A_deleted_directory_made_again_does_not_bring_back_the_host_files()
    {
        Directory.Delete(_view.MapPath("/cow/sub", PathAccess.Delete), recursive: true);
        Assert.False(Directory.Exists(_view.MapPath("/cow/sub", PathAccess.Read)));
        Assert.Equal(["/cow/file.txt", "/cow/other.txt"], List("/cow"));
        Directory.CreateDirectory(_view.MapPath("/cow/sub", PathAccess.Create));
        Assert.Empty(List("/cow/sub"));
        Assert.False(File.Exists(_view.MapPath("/cow/sub/deep.txt", PathAccess.Read)));
        Assert.True(File.Exists(Path.Combine(_fx.CowHost, "sub", "deep.txt")));
    }

    [Fact]
    public void A_deleted_file_made_again_is_the_new_one()
    {
        File.Delete(_view.MapPath("/cow/file.txt", PathAccess.Delete));
        Assert.False(File.Exists(_view.MapPath("/cow/file.txt", PathAccess.Read)));
        File.WriteAllText(_view.MapPath("/cow/file.txt", PathAccess.Create), "again");
        Assert.Equal("again", File.ReadAllText(_view.MapPath("/cow/file.txt", PathAccess.Read)));
    }

    [Fact]
    public void Deletions_outlive_the_view()
    {
        File.Delete(_view.MapPath("/cow/file.txt", PathAccess.Delete));
        var again = _fx.Open("e");
        Assert.False(File.Exists(again.MapPath("/cow/file.txt", PathAccess.Read)));
    }

    [Fact]
    public void The_root_lists_private_entries_and_mount_points()
    {
        var root = List("/");
        foreach (var expected in new[] { "/app", "/cow", "/data", "/merged", "/ro", "/tmp" }) Assert.Contains(expected, root);
        Assert.Equal(["/ro/file.txt", "/ro/sub"], List("/ro"));
    }

    [Fact]
    public void Relative_listings_keep_the_callers_spelling()
    {
        _view.CurrentDirectory = "/ro";
        Assert.Equal(["sub/deep.txt"], List("sub"));
    }

    [Fact]
    public void Listing_a_missing_directory_throws_DirectoryNotFound() =>
        Assert.Throws<DirectoryNotFoundException>(() => List("/data/none"));

    [Fact]
    public void Merged_writes_change_the_host()
    {
        File.WriteAllText(_view.MapPath("/merged/file.txt", PathAccess.Write), "changed");
        Assert.Equal("changed", File.ReadAllText(Path.Combine(_fx.MergedHost, "file.txt")));
    }

    [Fact]
    public void Moving_a_host_file_away_moves_its_content_and_leaves_the_host_alone()
    {
        File.Move(_view.MapPath("/cow/file.txt", PathAccess.Delete), _view.MapPath("/data/moved.txt", PathAccess.Create));
        Assert.Equal(EnvironmentFixture.HostText, File.ReadAllText(_view.MapPath("/data/moved.txt", PathAccess.Read)));
        Assert.False(File.Exists(_view.MapPath("/cow/file.txt", PathAccess.Read)));
        Assert.Equal(EnvironmentFixture.HostText, File.ReadAllText(Path.Combine(_fx.CowHost, "file.txt")));
    }

    [Fact]
    public void Moving_a_host_directory_away_moves_its_files()
    {
        Directory.Move(_view.MapPath("/cow/sub", PathAccess.Delete), _view.MapPath("/data/sub", PathAccess.Create));
        Assert.Equal(["/data/sub/deep.txt"], List("/data/sub"));
        Assert.Equal(["/cow/file.txt", "/cow/other.txt"], List("/cow"));
        Assert.True(File.Exists(Path.Combine(_fx.CowHost, "sub", "deep.txt")));
    }

    [Fact]
    public void A_failed_delete_leaves_the_file_readable()
    {
        // The app maps for deletion, then does not delete (or its delete fails): it still sees the file.
        _view.MapPath("/cow/file.txt", PathAccess.Delete);
        Assert.Equal(EnvironmentFixture.HostText, File.ReadAllText(_view.MapPath("/cow/file.txt", PathAccess.Read)));
    }
}
