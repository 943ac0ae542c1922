using Ferry.Node.Apps;

namespace Ferry.Cli.Tests;

public sealed class AppAssemblyValidatorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ferry-validate").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void An_app_passes() => Assert.Null(AppAssemblyValidator.Problem(FerryCli.Hello));

    [Fact]
    public void A_missing_file() => Assert.Equal("no such file", AppAssemblyValidator.Problem(Path.Combine(_dir, "none.dll")));

    [Fact]
    public void A_directory() => Assert.Contains("directory", AppAssemblyValidator.Problem(_dir));

    [Theory]
    [InlineData("")]
    [InlineData("MZ")]
    [InlineData("plain text, long enough to look like something but not a PE file at all")]
    public void Files_that_are_not_assemblies(string content)
    {
        var path = Path.Combine(_dir, "x.dll");
        File.WriteAllText(path, content);
        Assert.Equal("not a .NET assembly", AppAssemblyValidator.Problem(path));
    }

    [Fact]
    public void A_native_executable() => Assert.Equal("not a .NET assembly", AppAssemblyValidator.Problem("/bin/sh"));

    [Fact]
    public void A_library() => Assert.Contains("no entry point", AppAssemblyValidator.Problem(typeof(AppAssemblyValidatorTests).Assembly.Location.Replace("Ferry.Cli.Tests.dll", "Ferry.Abstractions.dll")));
}
