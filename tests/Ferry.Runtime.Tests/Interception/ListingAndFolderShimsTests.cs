using Ferry.Runtime.Interception;

namespace Ferry.Runtime.Tests.Interception;

/// <summary>EnumerationOptions listings, Directory.GetParent and Environment.GetFolderPath through the view.</summary>
public sealed class ListingAndFolderShimsTests : IDisposable
{
    private readonly ViewScope _scope = new();

    public ListingAndFolderShimsTests()
    {
        DirectoryShims.CreateDirectory("/d/sub/deeper");
        DirectoryShims.CreateDirectory("/d/.git");
        foreach (var file in new[] { "/d/A.TXT", "/d/b.txt", "/d/.hidden", "/d/.git/config", "/d/sub/c.txt", "/d/sub/deeper/e.txt" })
            FileShims.WriteAllText(file, "x");
    }

    public void Dispose() => _scope.Dispose();

    [Fact]
    public void DefaultOptionsSkipHiddenEntriesAndWhatIsBelowThem()
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true };
        Assert.Equal(["/d/A.TXT", "/d/b.txt", "/d/sub/c.txt", "/d/sub/deeper/e.txt"], DirectoryShims.GetFiles("/d", "*", options));
        Assert.Equal(["/d/sub", "/d/sub/deeper"], DirectoryShims.GetDirectories("/d", "*", options));
        var all = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 };
        Assert.Contains("/d/.git/config", DirectoryShims.EnumerateFiles("/d", "*", all));
        Assert.Contains("/d/.hidden", DirectoryShims.GetFileSystemEntries("/d", "*", all));
    }

    [Fact]
    public void DepthCasingAndMatchTypeFollowTheOptions()
    {
        var oneLevel = new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 1 };
        Assert.Equal(["/d/A.TXT", "/d/b.txt", "/d/sub/c.txt"], DirectoryShims.GetFiles("/d", "*", oneLevel));

        Assert.Equal(["/d/b.txt"], DirectoryShims.GetFiles("/d", "*.txt", new EnumerationOptions()));
        Assert.Equal(["/d/A.TXT", "/d/b.txt"], DirectoryShims.GetFiles("/d", "*.txt", new EnumerationOptions { MatchCasing = MatchCasing.CaseInsensitive }));
        // Win32 rules: "*.*" is everything and "?" also matches nothing at the end; simple rules take them literally.
        Assert.Equal(["/d/sub"], DirectoryShims.GetDirectories("/d", "*.*", new EnumerationOptions { MatchType = MatchType.Win32 }));
        Assert.Empty(DirectoryShims.GetDirectories("/d", "*.*", new EnumerationOptions()));
        Assert.Equal(["/d/b.txt"], DirectoryShims.GetFiles("/d", "b.txt?", new EnumerationOptions { MatchType = MatchType.Win32 }));

        var special = new EnumerationOptions { ReturnSpecialDirectories = true, AttributesToSkip = 0 };
        Assert.Equal(["/d/.", "/d/..", "/d/.git", "/d/sub"], DirectoryShims.GetDirectories("/d", "*", special));
    }

    [Fact]
    public void RelativeListingsAndInfoObjectsShowInsidePaths()
    {
        DirectoryShims.SetCurrentDirectory("/d");
        Assert.Equal(["sub/c.txt"], DirectoryShims.EnumerateFiles("sub", "*", new EnumerationOptions()).ToArray());
        var dir = FileSystemInfoShims.NewDirectoryInfo("/d");
        var options = new EnumerationOptions { RecurseSubdirectories = true };
        Assert.Equal(["/d/A.TXT", "/d/b.txt", "/d/sub/c.txt", "/d/sub/deeper/e.txt"], FileSystemInfoShims.GetFiles(dir, "*", options).Select(FileSystemInfoShims.FullName));
        Assert.Equal(["/d/sub", "/d/sub/deeper"], FileSystemInfoShims.EnumerateDirectories(dir, "*", options).Select(FileSystemInfoShims.FullName));
        var infos = FileSystemInfoShims.GetFileSystemInfos(dir, "*", SearchOption.TopDirectoryOnly);
        Assert.Equal(["/d/.git", "/d/.hidden", "/d/A.TXT", "/d/b.txt", "/d/sub"], infos.Select(i => i.ToString()));
        Assert.IsType<DirectoryInfo>(FileSystemInfoShims.EnumerateFileSystemInfos(dir, "s*", new EnumerationOptions()).Single());
    }

    [Fact]
    public void DeniedAndMissingDirectoriesBehaveAsTheFrameworkSays()
    {
        _scope.View.DeniedPrefixes.Add("/d/sub");
        // IgnoreInaccessible (the options' default): an inaccessible directory lists as empty; without it, refused.
        Assert.Empty(DirectoryShims.GetFiles("/d/sub", "*", new EnumerationOptions()));
        Assert.Throws<UnauthorizedAccessException>(() => DirectoryShims.GetFiles("/d/sub", "*", new EnumerationOptions { IgnoreInaccessible = false }));
        Assert.Empty(DirectoryShims.GetFiles("/../../d/sub/..//sub", "*", new EnumerationOptions()));
        var e = Assert.Throws<DirectoryNotFoundException>(() => DirectoryShims.GetFiles("/nope", "*", new EnumerationOptions()));
        Assert.DoesNotContain(_scope.View.Root, e.Message);
    }

    [Fact]
    public void GetParentAnswersInsidePaths()
    {
        Assert.Equal("/d/sub", FileSystemInfoShims.FullName(DirectoryShims.GetParent("/d/sub/c.txt")!));
        Assert.Equal("/d/sub", DirectoryShims.GetParent("/d/sub/c.txt")!.ToString());
        Assert.True(DirectoryShims.GetParent("/d/sub/c.txt")!.Exists);
        DirectoryShims.SetCurrentDirectory("/d/sub");
        Assert.Equal("/d/sub", FileSystemInfoShims.FullName(DirectoryShims.GetParent("deeper")!));
        Assert.Equal("/", FileSystemInfoShims.FullName(DirectoryShims.GetParent("..")!));
        Assert.Equal("/", FileSystemInfoShims.FullName(DirectoryShims.GetParent("/../../d")!));
        Assert.Null(DirectoryShims.GetParent("/"));
        Assert.Throws<ArgumentException>(() => DirectoryShims.GetParent(""));
    }

    [Fact]
    public void FolderPathsComeFromTheViewsHomeAndXdgVariables()
    {
        _scope.View.SetVariable("HOME", "/home/app");
        const Environment.SpecialFolderOption Unverified = Environment.SpecialFolderOption.DoNotVerify;
        Assert.Equal("/home/app", FolderPathShims.GetFolderPath(Environment.SpecialFolder.UserProfile, Unverified));
        Assert.Equal("/home/app/.config", FolderPathShims.GetFolderPath(Environment.SpecialFolder.ApplicationData, Unverified));
        Assert.Equal("/home/app/.local/share", FolderPathShims.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Unverified));
        Assert.Equal("/home/app/Documents", FolderPathShims.GetFolderPath(Environment.SpecialFolder.MyDocuments, Unverified));
        Assert.Equal("/usr/share", FolderPathShims.GetFolderPath(Environment.SpecialFolder.CommonApplicationData, Unverified));
        Assert.Equal("", FolderPathShims.GetFolderPath(Environment.SpecialFolder.ProgramFiles, Unverified));

        // Not there yet: None answers "", Create makes it (inside), then None answers it.
        Assert.Equal("", FolderPathShims.GetFolderPath(Environment.SpecialFolder.ApplicationData));
        Assert.Equal("/home/app/.config", FolderPathShims.GetFolderPath(Environment.SpecialFolder.ApplicationData, Environment.SpecialFolderOption.Create));
        Assert.True(Directory.Exists(_scope.Host("/home/app/.config")));
        Assert.Equal("/home/app/.config", FolderPathShims.GetFolderPath(Environment.SpecialFolder.ApplicationData));

        // user-dirs.dirs is read through the view, and XDG variables win.
        FileShims.WriteAllText("/home/app/.config/user-dirs.dirs", "XDG_MUSIC_DIR=\"$HOME/Tunes\"\nXDG_VIDEOS_DIR=\"/media/v\"\n");
        Assert.Equal("/home/app/Tunes", FolderPathShims.GetFolderPath(Environment.SpecialFolder.MyMusic, Unverified));
        Assert.Equal("/media/v", FolderPathShims.GetFolderPath(Environment.SpecialFolder.MyVideos, Unverified));
        _scope.View.SetVariable("XDG_CONFIG_HOME", "/cfg");
        Assert.Equal("/cfg", FolderPathShims.GetFolderPath(Environment.SpecialFolder.ApplicationData, Unverified));
        Assert.Equal("/home/app/Music", FolderPathShims.GetFolderPath(Environment.SpecialFolder.MyMusic, Unverified));

        Assert.Throws<ArgumentOutOfRangeException>(() => FolderPathShims.GetFolderPath((Environment.SpecialFolder)12345));
    }

    [Fact]
    public void WithoutAHomeFolderPathsFallBackToTheRoot() =>
        Assert.Equal("/.config", FolderPathShims.GetFolderPath(Environment.SpecialFolder.ApplicationData, Environment.SpecialFolderOption.DoNotVerify));
}
