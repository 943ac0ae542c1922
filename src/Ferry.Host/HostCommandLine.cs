using System.CommandLine;
using System.Net;
using Ferry.Abstractions.Instances;
using Ferry.Host.Capture;
using Ferry.Host.Logging;
using Microsoft.Extensions.Logging;

namespace Ferry.Host;

/// <summary>
/// Ferry.Host's command line (started by the CLI, or directly by test harnesses):
/// <c>run --instance-dir DIR --app WOVEN/App.dll [--env-dir ENV] [--detach] [-- ARGS]</c> and
/// <c>restore --instance-dir DIR --image IMAGE [--image ROUND...] --app WOVEN/App.dll [--env-dir ENV] [--detach]</c>, and
/// <c>restore --standby --instance-dir DIR --app WOVEN/App.dll ...</c> (a warm migration target: its images come on the control socket).
/// With <c>--env-dir</c> the app sees that environment (its view is installed before any app code runs).
/// With <c>--front</c> the node's front serves the environment's published ports (docs/migration.md, "The
/// front"), its listeners binding <c>--front-bind ADDR</c> (default loopback); <c>--detached-connections</c> (restore) makes the image's connections read end-of-stream (a clone).
/// </summary>
internal static class HostCommandLine
{
    public static RootCommand Build()
    {
        var instanceDir = new Option<string>("--instance-dir") { Required = true, Description = "The instance directory (instance.json, output.log, control.sock)." };
        var app = new Option<string>("--app") { Required = true, Description = "The woven app's main assembly." };
        var detach = new Option<bool>("--detach") { Description = "Run in a new session, without a terminal; output only to the instance log." };
        var image = new Option<string[]>("--image")
        {
            Description = "The image to restore; repeated: the files of a pre-copy (base, rounds, final) in the order they were written.",
        };
        var envDir = new Option<string?>("--env-dir") { Description = "The environment directory ($FERRY_HOME/envs/NAME) the app runs in." };
        var front = new Option<bool>("--front") { Description = "Published ports are served by the node's front: listen on loopback, read its preamble." };
        var frontBind = new Option<string?>("--front-bind")
        {
            Description = "The address fronted listeners bind (the node's, so that a front on another host reaches them); default loopback.",
        };
        var detachedConnections = new Option<bool>("--detached-connections") { Description = "Restore: the image's connections read end-of-stream (their clients stay with the source)." };
        var standby = new Option<bool>("--standby") { Description = "Restore: no image yet; load the app and wait for a pre-copy's rounds and the go on the control socket (a warm migration target)." };
        var appArgs = new Argument<string[]>("args") { Arity = ArgumentArity.ZeroOrMore, Description = "The app's arguments (after --)." };

        var run = new Command("run", "Run an app from its entry point.") { instanceDir, app, envDir, detach, front, frontBind, appArgs };
        run.SetAction(parse => WithHost(parse.GetValue(instanceDir)!, parse.GetValue(envDir), parse.GetValue(detach),
            new FrontOptions(parse.GetValue(front), false, BindAddress(parse.GetValue(frontBind))),
            host => host.Run(Path.GetFullPath(parse.GetValue(app)!), parse.GetValue(appArgs) ?? [])));

        var restore = new Command("restore", "Continue an app from an image.") { instanceDir, image, app, envDir, detach, front, frontBind, detachedConnections, standby };
        // Exactly one of --image and --standby: a standby host gets its images on the control socket.
        restore.Validators.Add(result =>
        {
            var images = result.GetValue(image) is { Length: > 0 };
            var warm = result.GetValue(standby);
            if (images == warm) result.AddError(warm ? "--standby takes no --image (the rounds come on the control socket)" : "restore needs --image (or --standby)");
        });
        restore.SetAction(parse => WithHost(parse.GetValue(instanceDir)!, parse.GetValue(envDir), parse.GetValue(detach),
            new FrontOptions(parse.GetValue(front), parse.GetValue(detachedConnections), BindAddress(parse.GetValue(frontBind))),
            host => parse.GetValue(standby)
                ? host.Standby(Path.GetFullPath(parse.GetValue(app)!))
                : host.Restore(parse.GetValue(image)!.Select(Path.GetFullPath).ToArray(), Path.GetFullPath(parse.GetValue(app)!))));

        return new RootCommand("Ferry.Host: runs one Ferry instance in this process.") { run, restore };
    }

    private static IPAddress? BindAddress(string? text) =>
        text is null ? null : IPAddress.TryParse(text, out var address) ? address : throw new FormatException($"--front-bind {text} is not an IP address");

    private static int WithHost(string instanceDir, string? environmentDir, bool detach, FrontOptions front, Func<InstanceHost, int> body)
    {
        var paths = new InstancePaths(instanceDir);
        Directory.CreateDirectory(paths.Dir);
        // The factory itself, not LoggerFactory.Create: that builds a dependency-injection container first,
        // a noticeable part of every host's start-up for one provider and one level.
        using var provider = new FileLoggerProvider(paths.HostLog);
        using var loggers = new LoggerFactory([provider], new LoggerFilterOptions { MinLevel = LogLevel.Information });
        return body(new InstanceHost(paths, detach, new RuntimeCaptureEngine(), loggers, environmentDir is null ? null : Path.GetFullPath(environmentDir), front));
    }
}
