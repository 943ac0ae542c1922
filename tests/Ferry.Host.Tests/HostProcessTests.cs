using System.Net.Sockets;
using System.Text;
using Ferry.Abstractions.Instances;
using Ferry.Abstractions.Output;
using Ferry.Tests.Support;

namespace Ferry.Host.Tests;

/// <summary>Ferry.Host as the CLI and the scenario runner start it: a real process, on the plain (unwoven) samples.</summary>
public sealed class HostProcessTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ferry-host").FullName;
    private static string Host => RecordedPath.Of("Ferry.Host");
    private static string Hello => RecordedPath.Of("Hello");
    private static string Counter => RecordedPath.Of("Counter");
    private InstancePaths Paths => new Abstractions.FerryHome(_dir).Instance("0123456789ab");

    public void Dispose()
    {
        if (InstanceMetadataFile.TryRead(Paths.Metadata) is { Pid: int pid, HasEnded: false })
        {
            try
            {
                System.Diagnostics.Process.GetProcessById(pid).Kill();
            }
            catch (ArgumentException)
            {
            }
        }
        Directory.Delete(_dir, recursive: true);
    }

    private ProcessResult RunHost(string app, string[] appArgs, Dictionary<string, string?>? env = null) =>
        DotnetProcess.Run(Host, ["run", "--instance-dir", Paths.Dir, "--app", app, "--", .. appArgs], env);

    private List<(OutputStream, string)> Log() => !File.Exists(Paths.OutputLog) ? [] :
        new OutputLogReader(Paths.OutputLog).ReadAvailable().Select(r => (r.Stream, Encoding.UTF8.GetString(r.Bytes.Span))).ToList();

    [Fact]
    public void Runs_the_app_with_its_arguments_and_exit_code_and_logs_both_streams_in_order()
    {
        var result = RunHost(Hello, ["Ann", "3"]);
        Assert.Equal(3, result.ExitCode);
        Assert.Equal("Hello, Ann!\nbye\n", result.Stdout);
        Assert.Equal("a line on stderr\n", result.Stderr);
        Assert.Equal([(OutputStream.Stdout, "Hello, Ann!\n"), (OutputStream.Stderr, "a line on stderr\n"), (OutputStream.Stdout, "bye\n")], Log());

        var record = InstanceMetadataFile.TryRead(Paths.Metadata)!;
        Assert.Equal("0123456789ab", record.Id); // taken from the directory name
        Assert.Equal(InstanceState.Exited, record.State);
        Assert.Equal(3, record.ExitCode);
        Assert.Equal(["Ann", "3"], record.Args);
        Assert.NotNull(record.Pid);
        Assert.NotNull(record.EndedAt);
        Assert.False(File.Exists(Paths.ControlSocket));
    }

    [Fact]
    public void An_app_leaving_through_environment_exit_is_recorded_as_exited()
    {
        var result = RunHost(Hello, ["Ed", "9", "exit"]);
        Assert.Equal(9, result.ExitCode);
        Assert.Equal("Hello, Ed!\nbye\n", result.Stdout);
        var record = InstanceMetadataFile.TryRead(Paths.Metadata)!;
        Assert.Equal((InstanceState.Exited, 9), (record.State, record.ExitCode));
    }

    [Fact]
    public void An_unhandled_exception_is_reported_logged_and_recorded()
    {
        var result = RunHost(Hello, ["Ed", "5", "throw"]);
        Assert.Equal(134, result.ExitCode); // the runtime aborts, as a plain `dotnet app.dll` would
        Assert.Contains("Unhandled exception. System.InvalidOperationException: told to fail with 5", result.Stderr);
        Assert.Contains(Log(), r => r.Item1 == OutputStream.Stderr && r.Item2.StartsWith("Unhandled exception. System.InvalidOperationException: told to fail with 5"));
        var record = InstanceMetadataFile.TryRead(Paths.Metadata)!;
        Assert.Equal((InstanceState.Exited, 134), (record.State, record.ExitCode));
        Assert.Equal("unhandled exception: System.InvalidOperationException: told to fail with 5", record.Error);
    }

    [Fact]
    public void Keeps_the_record_the_cli_made()
    {
        Directory.CreateDirectory(Paths.Dir);
        InstanceMetadataFile.Write(Paths.Metadata, new InstanceInfo { Id = "0123456789ab", Name = "greeter", App = "/original/Hello.dll", CreatedAt = DateTimeOffset.UtcNow });
        Assert.Equal(0, RunHost(Hello, []).ExitCode);
        var record = InstanceMetadataFile.TryRead(Paths.Metadata)!;
        Assert.Equal(("greeter", "/original/Hello.dll", Hello), (record.Name, record.App, record.WovenApp));
    }

    [Fact]
    public void An_app_that_cannot_load_fails_with_one_line_and_exit_125()
    {
        var notAnApp = Path.Combine(_dir, "text.dll");
        File.WriteAllText(notAnApp, "not an assembly");
        var result = RunHost(notAnApp, []);
        Assert.Equal(125, result.ExitCode);
        Assert.Equal("ferry: run text.dll: text.dll is not a .NET assembly\n", result.Stderr);
        var record = InstanceMetadataFile.TryRead(Paths.Metadata)!;
        Assert.Equal(InstanceState.Failed, record.State);
        Assert.Equal("text.dll is not a .NET assembly", record.Error);
    }

    [Fact]
    public void A_library_has_no_entry_point()
    {
        var result = RunHost(typeof(InstanceInfo).Assembly.Location, []);
        Assert.Equal(125, result.ExitCode);
        Assert.Contains("has no entry point", result.Stderr);
    }

    [Fact]
    public void A_bad_test_mode_variable_fails_before_the_app_runs()
    {
        var result = RunHost(Hello, [], new() { ["FERRY_TEST_CHECKPOINT_AT"] = "soon" });
        Assert.Equal(125, result.ExitCode);
        Assert.Contains("FERRY_TEST_CHECKPOINT_AT=soon", result.Stderr);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public void Answers_status_and_kill_on_its_control_socket()
    {
        using var host = DotnetProcess.Start(Host, ["run", "--instance-dir", Paths.Dir, "--app", Counter]);
        Eventually.True(() => InstanceMetadataFile.TryRead(Paths.Metadata)?.State == InstanceState.Running, "the host runs the app");
        Assert.Contains("\"state\":\"running\"", Exchange("""{"op":"status"}"""));
        Assert.Contains("\"ok\":true", Exchange("""{"op":"kill"}"""));
        Assert.True(host.WaitForExit(TimeSpan.FromSeconds(20)));
        Assert.Equal(137, host.ExitCode);
        var record = InstanceMetadataFile.TryRead(Paths.Metadata)!;
        Assert.Equal((InstanceState.Killed, 137), (record.State, record.ExitCode));
        Assert.Contains("count 1\n", host.StandardOutput.ReadToEnd());
    }

    [Fact]
    public void After_sigkill_the_record_still_says_running_and_the_store_sees_it_lost()
    {
        using var host = DotnetProcess.Start(Host, ["run", "--instance-dir", Paths.Dir, "--app", Counter]);
        Eventually.True(() => Log().Count > 0, "the app printed");
        host.Kill(entireProcessTree: false); // SIGKILL: nothing can be recorded ...
        host.WaitForExit();
        Assert.Equal(InstanceState.Running, InstanceMetadataFile.TryRead(Paths.Metadata)!.State);
        Assert.Equal(InstanceState.Lost, new InstanceStore(new Abstractions.FerryHome(_dir)).Find("0123456789ab")!.State); // ... and the store sees it
    }

    [Fact]
    public void Sigterm_is_recorded_with_its_exit_code()
    {
        using var host = DotnetProcess.Start(Host, ["run", "--instance-dir", Paths.Dir, "--app", Counter]);
        Eventually.True(() => Log().Count > 0, "the app printed");
        System.Diagnostics.Process.Start("kill", ["-TERM", host.Id.ToString()])!.WaitForExit();
        Assert.True(host.WaitForExit(TimeSpan.FromSeconds(20)));
        var record = InstanceMetadataFile.TryRead(Paths.Metadata)!;
        Assert.Equal((InstanceState.Killed, 143), (record.State, record.ExitCode));
        Assert.Equal(143, host.ExitCode);
    }

    [Fact]
    public void Detached_it_writes_nothing_to_its_stdio_and_everything_to_the_log()
    {
        var result = DotnetProcess.Run(Host, ["run", "--instance-dir", Paths.Dir, "--app", Hello, "--detach", "--", "Bo"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stdout + result.Stderr);
        Assert.Equal([(OutputStream.Stdout, "Hello, Bo!\n"), (OutputStream.Stderr, "a line on stderr\n"), (OutputStream.Stdout, "bye\n")], Log());
        Assert.True(InstanceMetadataFile.TryRead(Paths.Metadata)!.Detached);
    }

    private string Exchange(string line)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(Paths.ControlSocket));
        using var stream = new NetworkStream(socket);
        stream.Write(Encoding.UTF8.GetBytes(line + "\n"));
        return new StreamReader(stream).ReadToEnd();
    }
}
