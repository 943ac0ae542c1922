using Ferry.Abstractions.Instances;

namespace Ferry.Abstractions.Tests;

public class InstanceNameTests
{
    [Theory]
    [InlineData("counter")]
    [InlineData("web-1")]
    [InlineData("A.b_c-9")]
    [InlineData("7up")]
    public void Acceptable_names(string name) => Assert.Null(InstanceName.Problem(name));

    [Theory]
    [InlineData("")]
    [InlineData("-lead")]
    [InlineData(".hidden")]
    [InlineData("has space")]
    [InlineData("sl/ash")]
    [InlineData("ünï")]
    public void Rejected_names(string name) => Assert.NotNull(InstanceName.Problem(name));

    [Fact]
    public void Names_are_limited_in_length()
    {
        Assert.Null(InstanceName.Problem(new string('a', InstanceName.MaxLength)));
        Assert.NotNull(InstanceName.Problem(new string('a', InstanceName.MaxLength + 1)));
    }

    [Theory]
    [InlineData("/apps/Counter.dll", "counter")]
    [InlineData("/apps/My App.dll", "my-app")]
    [InlineData("/apps/_x.dll", "x")]
    [InlineData("/apps/___.dll", "app")]
    public void Stems_are_valid_names(string path, string stem)
    {
        Assert.Equal(stem, InstanceName.StemOf(path));
        Assert.Null(InstanceName.Problem(InstanceName.StemOf(path) + "-1"));
    }
}
