namespace Ferry.Cli.Tests;

/// <summary>Every failure at the CLI's edge: one line "ferry: what: why", non-zero exit, nothing left behind.</summary>
public sealed class ErrorTests : IDisposable
{
    private readonly FerryCli _ferry = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("ferry-bad").FullName;

    public void Dispose()
    {
        _ferry.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private void AssertOneLineFailure(string expectedStart, int exitCode, params string[] args)
    {
        var result = _ferry.Run(args);
        Assert.Equal(exitCode, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.StartsWith(expectedStart, result.Stderr);
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Empty(_ferry.InstanceDirs());
        Assert.False(Directory.Exists(_ferry.Home.CacheDir) && Directory.EnumerateFileSystemEntries(_ferry.Home.CacheDir).Any());
    }

    [Fact]
    public void Missing_app() =>
        AssertOneLineFailure($"ferry: run {_dir}/none.dll: no such file", 1, "run", Path.Combine(_dir, "none.dll"));

    [Fact]
    public void A_text_file_is_not_an_app()
    {
        var path = Path.Combine(_dir, "notes.dll");
        File.WriteAllText(path, "hello");
        AssertOneLineFailure($"ferry: run {path}: not a .NET assembly", 1, "run", path);
    }

    [Fact]
    public void A_native_program_is_not_an_app() =>
        AssertOneLineFailure("ferry: run /bin/sh: not a .NET assembly", 1, "run", "--detach", "/bin/sh");

    [Fact]
    public void A_library_is_not_an_app()
    {
        var dll = Path.Combine(Path.GetDirectoryName(Ferry.Tests.Support.RecordedPath.Of("ferry"))!, "Ferry.Abstractions.dll");
        AssertOneLineFailure($"ferry: run {dll}: has no entry point", 1, "run", dll);
    }

    [Theory]
    [InlineData("logs")]
    [InlineData("kill")]
    [InlineData("checkpoint")]
    [InlineData("rm")]
    public void Unknown_instance(string command) =>
        AssertOneLineFailure($"ferry: {command} nosuch: no instance has the id or name \"nosuch\"\n", 1, command, "nosuch");

    [Fact]
    public void Unknown_command_and_options_are_usage_errors()
    {
        AssertOneLineFailure("ferry: usage: Unrecognized command or argument 'fly'", 2, "fly");
        AssertOneLineFailure("ferry: ps: Unrecognized command or argument '--wide'", 2, "ps", "--wide");
        AssertOneLineFailure("ferry: run: unknown option --bogus", 2, "run", "--bogus", FerryCli.Hello);
        AssertOneLineFailure("ferry: logs: Required argument missing", 2, "logs");
    }

    [Fact]
    public void An_invalid_name_is_refused() =>
        AssertOneLineFailure($"ferry: run {FerryCli.Hello}: invalid name \"no way\"", 1, "run", "--name", "no way", FerryCli.Hello);

    [Fact]
    public void Checkpoint_of_an_instance_that_ended()
    {
        _ferry.Ok("run", "--name", "h", FerryCli.Hello);
        var result = _ferry.Run("checkpoint", "h", "-o", Path.Combine(_dir, "h.ferry"));
        Assert.Equal(1, result.ExitCode);
        Assert.Matches(@"^ferry: checkpoint h: instance [0-9a-f]{12} is not running \(exited with 0\)\n$", result.Stderr);
        Assert.False(File.Exists(Path.Combine(_dir, "h.ferry")));
    }

    [Fact]
    public void Help_is_there()
    {
        var help = _ferry.Ok("--help");
        foreach (var command in new[] { "run", "ps", "logs", "kill", "checkpoint", "restore", "image", "demo" })
            Assert.Contains($"  {command}", help);
    }
}
