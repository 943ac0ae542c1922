using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Ferry.Abstractions;
using Ferry.Abstractions.Control;
using Ferry.Abstractions.Instances;
using Ferry.Tests.Support;
using Xunit.Abstractions;

namespace Ferry.Host.Tests;

/// <summary>
/// Pre-copy end to end, with real processes: a woven ledger app changing a dictionary of 200 000 accounts
/// runs in a host; a caller outside the process drives the base round and update rounds through the control
/// socket while it runs, then the final round stops it; a new host restores it from the round files, and what
/// both printed together is exactly what a plain run prints.
/// </summary>
public sealed class PreCopyProcessTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ferry-precopy").FullName;
    private static string Host => RecordedPath.Of("Ferry.Host");
    private static string Ledger => RecordedPath.Of("PrecopyLedger");
    private InstancePaths Source => new FerryHome(_dir).Instance("aaaaaaaaaaaa");
    private InstancePaths Target => new FerryHome(_dir).Instance("bbbbbbbbbbbb");

    private string Woven()
    {
        var app = Path.Combine(_dir, "app");
        Directory.CreateDirectory(app);
        foreach (var f in Directory.GetFiles(Path.GetDirectoryName(Ledger)!, "PrecopyLedger*")) File.Copy(f, Path.Combine(app, Path.GetFileName(f)));
        return new Weaver.AppWeaver { WriteBarriers = true }.WeaveApp(Path.Combine(app, "PrecopyLedger.dll"), Path.Combine(_dir, "woven")).EntryAssemblyPath;
    }

    private ControlResponse Send(ControlRequest request)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(Source.ControlSocket));
        using var stream = new NetworkStream(socket);
        stream.Write(JsonSerializer.SerializeToUtf8Bytes(request, FerryJsonContext.Default.ControlRequest));
        stream.WriteByte((byte)'\n');
        var line = new StreamReader(stream).ReadToEnd();
        return JsonSerializer.Deserialize(line, FerryJsonContext.Default.ControlResponse)!;
    }

    [Fact]
    public void RoundsWhileTheLedgerRunsThenFinalThenRestoreContinueAsAPlainRun()
    {
        const string steps = "70";
        var plain = DotnetProcess.Run(Ledger, [steps]);
        Assert.Equal(0, plain.ExitCode);
        var woven = Woven();

        using var source = DotnetProcess.Start(Host, ["run", "--instance-dir", Source.Dir, "--app", woven, "--", steps]);
        var printed = new StringBuilder();
        var reading = new Thread(() =>
        {
            var buffer = new char[4096];
            int n;
            while ((n = source.StandardOutput.Read(buffer, 0, buffer.Length)) > 0)
            {
                lock (printed) printed.Append(buffer, 0, n);
            }
        });
        reading.Start();
        int Lines()
        {
            lock (printed) return printed.ToString().Count(c => c == '\n');
        }
        Eventually.True(() => Lines() >= 5, "the ledger prints", TimeSpan.FromSeconds(60));

        var files = new List<string>();
        string Next(string name) => Path.Combine(_dir, "rounds", name);
        var begin = Send(new ControlRequest { Op = ControlOps.PreCopyBegin, Image = Next("0-base.img") });
        Assert.True(begin.Ok, begin.Error);
        files.Add(begin.Image!);
        var rounds = new List<ControlResponse>();
        for (int i = 1; i <= 3; i++)
        {
            Thread.Sleep(150);
            var round = Send(new ControlRequest { Op = ControlOps.PreCopyRound, Image = Next($"{i}-round.img") });
            Assert.True(round.Ok, round.Error);
            rounds.Add(round);
            files.Add(round.Image!);
        }
        Thread.Sleep(100); // the ledger changes some more: the final round carries it
        int linesBeforeFinal = Lines();
        var final = Send(new ControlRequest { Op = ControlOps.PreCopyFinal, Image = Next("4-final.img"), TimeoutMs = 20_000 });
        Assert.True(final.Ok, final.Error);
        Assert.False(final.Full, "the app wrote something no barrier could name");
        files.Add(final.Image!);
        Assert.True(source.WaitForExit(TimeSpan.FromSeconds(30)));
        reading.Join();
        Assert.Equal(75, source.ExitCode);

        output.WriteLine($"base {begin.ImageBytes} B file, {begin.RawBytes} B raw, {begin.PauseMs:F1} ms (app running)");
        foreach (var r in rounds) output.WriteLine($"round: {r.Changed} changed, {r.NewObjects} new, {r.Pending} pending; {r.ImageBytes} B file, {r.RawBytes} B raw, {r.PauseMs:F1} ms");
        output.WriteLine($"final: {final.Changed} changed, {final.NewObjects} new; {final.ImageBytes} B file, {final.RawBytes} B raw, app stopped {final.PauseMs:F1} ms");
        output.WriteLine($"lines printed before the final round: {linesBeforeFinal}, in all by the source: {Lines()}");
        // Measured against all that went while the app ran: the base alone can be small when the ledger
        // builds its state after it (then round 1 carries it).
        var whileRunning = begin.ImageBytes + rounds.Sum(r => r.ImageBytes);
        Assert.True(final.ImageBytes * 5 < whileRunning, $"final {final.ImageBytes} B is not much smaller than the {whileRunning} B sent while the app ran");

        var restored = DotnetProcess.Run(Host, ["restore", "--instance-dir", Target.Dir, .. files.SelectMany(f => new[] { "--image", f }), "--app", woven]);
        Assert.True(restored.ExitCode == 0, restored.Stderr);
        Assert.Equal(plain.Stdout, printed + restored.Stdout);
    }

    public void Dispose()
    {
        foreach (var paths in new[] { Source, Target })
        {
            if (InstanceMetadataFile.TryRead(paths.Metadata) is { Pid: int pid, HasEnded: false })
            {
                try
                {
                    System.Diagnostics.Process.GetProcessById(pid).Kill();
                }
                catch (ArgumentException)
                {
                }
            }
        }
        Directory.Delete(_dir, recursive: true);
    }
}
