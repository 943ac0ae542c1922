using System.Text;
using Ferry.Runtime.Interception;
using Ferry.Runtime.Resources;

namespace Ferry.Runtime.Tests.Interception;

public sealed class FileShimsTests : IDisposable
{
    private readonly ViewScope _scope = new();

    public void Dispose() => _scope.Dispose();

    [Fact]
    public void WholeFileCallsLandUnderTheViewsRoot()
    {
        DirectoryShims.CreateDirectory("/data");
        FileShims.WriteAllText("/data/a.txt", "one\n");
        FileShims.AppendAllText("/data/a.txt", "two\n");
        FileShims.AppendAllLines("/data/a.txt", ["three"]);
        FileShims.WriteAllBytes("/data/b.bin", [1, 2, 3]);

        Assert.Equal("one\ntwo\nthree\n", File.ReadAllText(_scope.Host("/data/a.txt")));
        Assert.Equal(["one", "two", "three"], FileShims.ReadAllLines("/data/a.txt"));
        Assert.Equal([1, 2, 3], FileShims.ReadAllBytes("/data/b.bin"));
        Assert.True(FileShims.Exists("/data/a.txt"));
        Assert.False(FileShims.Exists(_scope.Host("/data/a.txt")));
        Assert.False(File.Exists("/data/a.txt"));
    }

    [Fact]
    public void RelativePathsResolveAgainstTheViewsCurrentDirectory()
    {
        DirectoryShims.CreateDirectory("/work");
        DirectoryShims.SetCurrentDirectory("/work");
        FileShims.WriteAllText("notes.txt", "x");
        Assert.True(File.Exists(_scope.Host("/work/notes.txt")));
        Assert.Equal("/work", DirectoryShims.GetCurrentDirectory());
        Assert.Equal("/work/notes.txt", PathShims.GetFullPath("notes.txt"));
        Assert.Throws<DirectoryNotFoundException>(() => DirectoryShims.SetCurrentDirectory("/missing"));
        Assert.Equal("/work", DirectoryShims.GetCurrentDirectory());
    }

    [Fact]
    public void DotDotCannotLeaveTheRoot()
    {
        FileShims.WriteAllText("/../../../escape.txt", "x");
        Assert.True(File.Exists(_scope.Host("/escape.txt")));
    }

    [Fact]
    public void MissingFileIsFileNotFoundNamingTheInsidePath()
    {
        DirectoryShims.CreateDirectory("/data");
        var e = Assert.Throws<FileNotFoundException>(() => FileShims.ReadAllText("/data/missing.txt"));
        Assert.Equal("/data/missing.txt", e.FileName);
        Assert.Contains("'/data/missing.txt'", e.Message);
        Assert.DoesNotContain(_scope.View.Root, e.Message);

        var d = Assert.Throws<DirectoryNotFoundException>(() => FileShims.WriteAllText("/nodir/x.txt", "x"));
        Assert.DoesNotContain(_scope.View.Root, d.Message);
        Assert.Contains("/nodir/x.txt", d.Message);
    }

    [Fact]
    public void DeniedPathIsUnauthorizedAccess()
    {
        _scope.View.DeniedPrefixes.Add("/secret");
        var e = Assert.Throws<UnauthorizedAccessException>(() => FileShims.ReadAllText("/secret/key"));
        Assert.Contains("/secret/key", e.Message);
        Assert.False(FileShims.Exists("/secret/key"));
        Assert.Throws<UnauthorizedAccessException>(() => FileStreamShims.Create("/secret/key", FileMode.Create));
    }

    [Fact]
    public void ListingsAreJoinedOntoThePathTheAppPassed()
    {
        DirectoryShims.CreateDirectory("/d/sub");
        FileShims.WriteAllText("/d/b.txt", "");
        FileShims.WriteAllText("/d/a.txt", "");
        FileShims.WriteAllText("/d/sub/c.txt", "");
        Assert.Equal(["/d/a.txt", "/d/b.txt"], DirectoryShims.GetFiles("/d"));
        Assert.Equal(["/d/sub"], DirectoryShims.GetDirectories("/d"));
        Assert.Equal(["/d/a.txt", "/d/b.txt", "/d/sub/c.txt"], DirectoryShims.GetFiles("/d", "*.txt", SearchOption.AllDirectories));
        DirectoryShims.SetCurrentDirectory("/d");
        Assert.Equal(["sub/c.txt"], DirectoryShims.EnumerateFiles("sub").ToArray());
        var e = Assert.Throws<DirectoryNotFoundException>(() => DirectoryShims.GetFiles("/nope"));
        Assert.DoesNotContain(_scope.View.Root, e.Message);
    }

    [Fact]
    public void InfoObjectsShowInsidePaths()
    {
        DirectoryShims.CreateDirectory("/data");
        FileShims.WriteAllText("/data/a.txt", "hello");
        var file = FileSystemInfoShims.NewFileInfo("/data/a.txt");
        Assert.True(file.Exists);
        Assert.Equal(5, file.Length);
        Assert.Equal("/data/a.txt", file.ToString());
        Assert.Equal("/data/a.txt", $"{file}");
        Assert.Equal("/data/a.txt", FileSystemInfoShims.FullName(file));
        Assert.Equal("a.txt", FileSystemInfoShims.Name(file));
        Assert.Equal("/data", FileSystemInfoShims.DirectoryName(file));
        Assert.Equal("/data", FileSystemInfoShims.FullName(FileSystemInfoShims.Directory(file)!));

        var dir = FileSystemInfoShims.NewDirectoryInfo("/data");
        var listed = FileSystemInfoShims.GetFiles(dir);
        Assert.Equal(["/data/a.txt"], listed.Select(FileSystemInfoShims.FullName));
        Assert.Equal("/data/a.txt", listed[0].ToString());
        Assert.Equal("/", FileSystemInfoShims.FullName(FileSystemInfoShims.Parent(dir)!));

        FileSystemInfoShims.MoveTo(file, "/data/b.txt");
        Assert.Equal("/data/b.txt", file.ToString());
        Assert.True(File.Exists(_scope.Host("/data/b.txt")));
    }

    [Fact]
    public void StreamsOpenedByPathAreRecordedWithInsidePaths()
    {
        DirectoryShims.CreateDirectory("/data");
        using var stream = FileStreamShims.Create("/data/s.bin", FileMode.Create, FileAccess.ReadWrite, FileShare.Read);
        Assert.Equal("/data/s.bin", FileStreamShims.Name(stream));
        var record = ResourceTable.FindFile(stream)!;
        Assert.Equal("/data/s.bin", record.InsidePath);
        Assert.Equal(FileMode.Create, record.Mode);
        Assert.Equal(FileAccess.ReadWrite, record.Access);
        using var writer = FileShims.CreateText("/data/t.txt");
        Assert.Equal("/data/t.txt", ResourceTable.FindFile((FileStream)writer.BaseStream)!.InsidePath);
    }

    [Fact]
    public void WritesPastTheFileSizeLimitFailLikeEfbig()
    {
        DirectoryShims.CreateDirectory("/data");
        _scope.View.MaxFileSize = 10;
        FileShims.WriteAllText("/data/small.txt", "0123456789");
        var e = Assert.Throws<IOException>(() => FileShims.WriteAllText("/data/big.txt", "01234567890"));
        Assert.Contains("File too large", e.Message);
        Assert.Equal(27, e.HResult);
        Assert.Throws<IOException>(() => FileShims.AppendAllText("/data/small.txt", "x"));
        Assert.Throws<IOException>(() => FileShims.WriteAllBytes("/data/b.bin", new byte[11]));

        using var stream = FileStreamShims.Create("/data/s.bin", FileMode.Create);
        stream.Write(new byte[8]);
        Assert.Throws<IOException>(() => stream.Write(new byte[3]));
        stream.Write(new byte[2]);
        Assert.Equal(10, stream.Length);

        // Not disposed: disposing flushes, which fails again.
        var writer = FileStreamShims.CreateWriter("/data/w.txt");
        writer.Write(new string('x', 20));
        Assert.Throws<IOException>(() => writer.Flush());
    }

    [Fact]
    public void TempFilesAreInsideTheViewsTempDirectory()
    {
        Assert.Equal("/tmp/", PathShims.GetTempPath());
        var temp = PathShims.GetTempFileName();
        Assert.StartsWith("/tmp/tmp", temp);
        Assert.True(File.Exists(_scope.Host(temp)));
    }

    [Fact]
    public void CopyAndMoveMapBothPaths()
    {
        DirectoryShims.CreateDirectory("/a");
        FileShims.WriteAllText("/a/x.txt", "x", Encoding.ASCII);
        FileShims.Copy("/a/x.txt", "/a/y.txt");
        FileShims.Move("/a/y.txt", "/a/z.txt");
        Assert.Equal(["/a/x.txt", "/a/z.txt"], DirectoryShims.GetFiles("/a"));
        FileShims.Delete("/a/x.txt");
        Assert.False(File.Exists(_scope.Host("/a/x.txt")));
        var e = Assert.Throws<FileNotFoundException>(() => FileShims.Copy("/a/none.txt", "/a/w.txt"));
        Assert.DoesNotContain(_scope.View.Root, e.Message);
    }
}
