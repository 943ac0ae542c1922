using Ferry.Environments.Definition;

namespace Ferry.Environments.Tests;

public sealed class SpecSyntaxTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ferry-syntax").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Map_forms()
    {
        Assert.Equal(("/data", null, PathMode.Private), Parts(SpecSyntax.ParseMap("/data", "/")));
        Assert.Equal(("/data", null, PathMode.Private), Parts(SpecSyntax.ParseMap("/data/:private", "/")));
        Assert.Equal(("/data", _dir, SpecSyntax.DefaultHostMode), Parts(SpecSyntax.ParseMap($"/data={_dir}", "/")));
        Assert.Equal(("/data", _dir, PathMode.ReadOnly), Parts(SpecSyntax.ParseMap($"/data={_dir}:ro", "/")));
        Assert.Equal(("/data", _dir, PathMode.Merged), Parts(SpecSyntax.ParseMap($"/data={_dir}/:merged", "/")));
        Assert.Equal(("/data", _dir, PathMode.CopyOnWrite), Parts(SpecSyntax.ParseMap($"/data={Path.GetFileName(_dir)}:copy-on-write", Path.GetDirectoryName(_dir)!)));
        var colon = Path.Combine(_dir, "a:b");
        Directory.CreateDirectory(colon);
        Assert.Equal(("/x", colon, PathMode.ReadOnly), Parts(SpecSyntax.ParseMap($"/x={colon}:read-only", "/")));
        Assert.Equal(("/x", colon, SpecSyntax.DefaultHostMode), Parts(SpecSyntax.ParseMap($"/x={colon}", "/")));
    }

    private static (string, string?, PathMode?) Parts(Mapping m) => (m.Inside, m.Outside, m.Mode);

    [Theory]
    [InlineData("data", "is not absolute")]
    [InlineData("/", "cannot be mapped")]
    [InlineData("/a/../b", "holds '..'")]
    [InlineData("=/tmp", "the inside path is empty")]
    [InlineData("/a=", "is empty")]
    [InlineData("/a=/no/such/dir/for/ferry", "does not exist")]
    [InlineData("/a=/tmp:sideways", "unknown mode \"sideways\"")]
    [InlineData("/a=/tmp:private", "a private mapping has no host path")]
    [InlineData("/a:ro", "needs a host path")]
    public void Map_errors(string text, string expected) =>
        Assert.Contains(expected, Assert.Throws<EnvironmentException>(() => SpecSyntax.ParseMap(text, "/")).Message);

    [Fact]
    public void Publish_env_sizes_cpus()
    {
        var p = SpecSyntax.ParsePublish("8080:80");
        Assert.Equal((MappingKind.Port, "80", "8080"), (p.Kind, p.Inside, p.Outside));
        foreach (var bad in new[] { "80", "0:80", "8080:70000", "a:b", "1:2:3" })
            Assert.Throws<EnvironmentException>(() => SpecSyntax.ParsePublish(bad));
        Assert.Equal("v=1", SpecSyntax.ParseEnv("K=v=1").Variable!.Outside);
        Assert.Equal(new PassThrough(PassThroughKind.Variable, "LANG"), SpecSyntax.ParseEnv("LANG").HostVariable);
        Assert.Throws<EnvironmentException>(() => SpecSyntax.ParseEnv("1X=2"));
        Assert.Equal(256L << 20, SpecSyntax.ParseSize("256m", "--memory"));
        Assert.Equal(1L << 30, SpecSyntax.ParseSize("1G", "--memory"));
        Assert.Equal(4096, SpecSyntax.ParseSize("4096", "--memory"));
        foreach (var bad in new[] { "", "12x", "-1m", "0", "99999999999999999t" })
            Assert.Throws<EnvironmentException>(() => SpecSyntax.ParseSize(bad, "--memory"));
        Assert.Equal(0.5, SpecSyntax.ParseCpus("0.5"));
        Assert.Throws<EnvironmentException>(() => SpecSyntax.ParseCpus("0"));
        Assert.Throws<EnvironmentException>(() => SpecSyntax.ParseHostname("bad_host!"));
        Assert.Equal("web-1.local", SpecSyntax.ParseHostname("web-1.local"));
    }
}
