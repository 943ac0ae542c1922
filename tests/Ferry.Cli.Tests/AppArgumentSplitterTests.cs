using System.CommandLine;
using Ferry.Cli.Apps;

namespace Ferry.Cli.Tests;

public class AppArgumentSplitterTests
{
    private static readonly Command Run = new("run")
    {
        new Option<bool>("--detach", "-d"),
        new Option<string?>("--name", "-n"),
        new Argument<string>("APP.dll"),
        new Argument<string[]>("ARGS") { Arity = ArgumentArity.ZeroOrMore },
    };

    [Theory]
    [InlineData("run app.dll", "run app.dll --")]
    [InlineData("run app.dll a b", "run app.dll -- a b")]
    [InlineData("run -d app.dll --name x -d", "run -d app.dll -- --name x -d")]
    [InlineData("run --name n app.dll -n", "run --name n app.dll -- -n")]
    [InlineData("run -n n -d app.dll", "run -n n -d app.dll --")]
    [InlineData("run --name=n app.dll x", "run --name=n app.dll -- x")]
    [InlineData("run app.dll -- x", "run app.dll -- -- x")]
    [InlineData("run -d -- app.dll x", "run -d -- app.dll x")]
    [InlineData("run -d", "run -d")]
    [InlineData("ps -a", "ps -a")]
    [InlineData("logs run", "logs run")]
    public void Everything_after_the_app_path_is_the_apps(string input, string expected) =>
        Assert.Equal(expected.Split(' '), AppArgumentSplitter.Normalize(input.Split(' '), Run));

    [Fact]
    public void The_split_command_line_parses_into_app_and_arguments()
    {
        var app = (Argument<string>)Run.Arguments[0];
        var args = (Argument<string[]>)Run.Arguments[1];
        var root = new RootCommand { Run };
        var parse = root.Parse(AppArgumentSplitter.Normalize(["run", "-n", "x", "app.dll", "--name", "-d", "--", "z"], Run));
        Assert.Empty(parse.Errors);
        Assert.Equal("app.dll", parse.GetValue(app));
        Assert.Equal(["--name", "-d", "--", "z"], parse.GetValue(args)!);
        Assert.Equal("x", parse.GetValue<string?>("--name"));
    }
}
