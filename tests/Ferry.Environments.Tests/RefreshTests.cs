using System.Diagnostics;
using Ferry.Environments.Tests.Support;

namespace Ferry.Environments.Tests;

/// <summary>
/// Refresh: a newer export taken in inside the environment's directory, which a process that holds it (as a
/// standby host's sandbox holds its bind) still sees — with the new files and database — afterwards.
/// </summary>
public sealed class RefreshTests : IDisposable
{
    private readonly EnvironmentFixture _fx = new();

    public void Dispose() => _fx.Dispose();

    [Fact]
    public void A_process_holding_the_directory_sees_the_newer_export()
    {
        var source = _fx.Store;
        source.Create(_fx.Spec("src"));
        var paths = source.Find("src");
        File.WriteAllText(Path.Combine(paths.Root, "tmp", "state.txt"), "first");
        var first = Path.Combine(_fx.Dir, "export-1");
        source.Export("src", first);
        source.Import("moved", first, new Dictionary<string, string>());
        var moved = source.Find("moved");

        // Its working directory is the environment directory itself, as a bind mount would be.
        using var holder = Process.Start(new ProcessStartInfo("sleep", "30") { WorkingDirectory = moved.Dir })!;
        try
        {
            File.WriteAllText(Path.Combine(paths.Root, "tmp", "state.txt"), "second");
            File.WriteAllText(Path.Combine(paths.Root, "tmp", "new.txt"), "new");
            var second = Path.Combine(_fx.Dir, "export-2");
            source.Export("src", second);
            var definition = source.Refresh("moved", second, new Dictionary<string, string>());

            Assert.Equal("moved", definition.Name);
            var seen = $"/proc/{holder.Id}/cwd";
            Assert.Equal(moved.Dir, new DirectoryInfo(seen).ResolveLinkTarget(false)!.FullName);
            Assert.Equal("second", File.ReadAllText(Path.Combine(seen, "root", "tmp", "state.txt")));
            Assert.Equal("new", File.ReadAllText(Path.Combine(seen, "root", "tmp", "new.txt")));
            Assert.Equal("moved", source.Read("moved").Name);
            Assert.Equal(["env.db", "root"], Directory.EnumerateFileSystemEntries(moved.Dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        }
        finally
        {
            holder.Kill();
        }
    }
}
