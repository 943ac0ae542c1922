using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;
using Ferry.Abstractions;
using Ferry.Abstractions.Control;
using Ferry.Abstractions.Instances;

namespace Ferry.Bench.Standby;

/// <summary>
/// One sample: the ledger in a source host; a standby host started beside it takes the base round and the update
/// rounds as they are written; the final round stops the source. Then the same files two ways, each timed from
/// "final round written" to the instance running: standby-go on the warm host, and a fresh restore process.
/// </summary>
internal sealed class StandbyRun : IDisposable
{
    private static readonly string Host = Path.Combine(AppContext.BaseDirectory, "Ferry.Host.dll");
    private readonly string _dir = Directory.CreateTempSubdirectory("ferry-standby-bench").FullName;
    private readonly List<Process> _processes = [];
    private readonly string _woven;
    private readonly int _accounts;

    public StandbyRun(string workload, int accounts)
    {
        _accounts = accounts;
        var app = Path.Combine(_dir, "app");
        Directory.CreateDirectory(app);
        foreach (var f in Directory.GetFiles(Path.GetDirectoryName(workload)!, "PrecopyLedger*")) File.Copy(f, Path.Combine(app, Path.GetFileName(f)));
        _woven = new Ferry.Weaver.AppWeaver { WriteBarriers = true }.WeaveApp(Path.Combine(app, "PrecopyLedger.dll"), Path.Combine(_dir, "woven")).EntryAssemblyPath;
    }

    private InstancePaths Instance(string id) => new FerryHome(Path.Combine(_dir, "home")).Instance(id);

    public (double StandbyMs, double FreshMs) Measure()
    {
        var source = Instance("aaaaaaaaaaaa");
        // Steps enough to outlast the sample; the first line printed means its accounts are built.
        Start(["run", "--instance-dir", source.Dir, "--app", _woven, "--detach", "--", "100000", $"{_accounts}"]);
        Wait(() => Prints(source), "the source prints", TimeSpan.FromMinutes(5));
        Console.WriteLine($"source: {_accounts} accounts, host process {LiveMegabytes(source):F0} MB resident");

        var warm = Instance("bbbbbbbbbbbb");
        var standbyStart = Stopwatch.StartNew();
        Start(["restore", "--standby", "--instance-dir", warm.Dir, "--app", _woven, "--detach"]);
        Wait(() => Status(warm) == ControlOps.StandbyState, "the standby host", TimeSpan.FromMinutes(1));
        Console.WriteLine($"standby host up in {standbyStart.ElapsedMilliseconds} ms");

        var files = new List<string>();
        string Next() => Path.Combine(_dir, "rounds", $"{files.Count}.img");
        void Round(string op)
        {
            var written = Ok(Send(source, new ControlRequest { Op = op, Image = Next() }));
            files.Add(written.Image!);
            var read = Ok(Send(warm, new ControlRequest { Op = ControlOps.StandbyRound, Image = written.Image }));
            Console.WriteLine($"{op}: {written.ImageBytes / 1e6:F1} MB file, {written.RawBytes / 1e6:F1} MB raw, written in {written.PauseMs:F0} ms; standby read it in {read.ElapsedMs:F0} ms ({read.NewObjects} new, {read.Changed} updated)");
        }
        Round(ControlOps.PreCopyBegin);
        for (var i = 0; i < 3; i++)
        {
            Thread.Sleep(250);
            Round(ControlOps.PreCopyRound);
        }
        var final = Ok(Send(source, new ControlRequest { Op = ControlOps.PreCopyFinal, Image = Next(), TimeoutMs = 30_000 }));
        files.Add(final.Image!);
        Console.WriteLine($"final: {final.ImageBytes / 1e6:F2} MB file, source stopped {final.PauseMs:F0} ms{(final.Full == true ? " (a full image)" : "")}");
        Wait(() => InstanceMetadataFile.TryRead(source.Metadata)?.HasEnded == true, "the source ends", TimeSpan.FromMinutes(1));

        // Warm: the final round and the threads, in the process that is up.
        var go = Stopwatch.StartNew();
        Ok(Send(warm, new ControlRequest { Op = ControlOps.StandbyGo, Image = final.Image }));
        var standbyMs = go.Elapsed.TotalMilliseconds;
        // The host's own account of the go (read, collections, threads).
        if (File.ReadLines(warm.HostLog).LastOrDefault(l => l.Contains("standby: go from", StringComparison.Ordinal)) is { } line)
            Console.WriteLine(line[line.IndexOf("standby:", StringComparison.Ordinal)..]);
        Wait(() => Prints(warm), "the warm target prints", TimeSpan.FromMinutes(1));
        Ok(Send(warm, new ControlRequest { Op = ControlOps.Kill }));
        Wait(() => InstanceMetadataFile.TryRead(warm.Metadata)?.HasEnded == true, "the warm target ends", TimeSpan.FromMinutes(1));

        // Cold: a new process given every file, as a restore without a standby host does it.
        var cold = Instance("cccccccccccc");
        var restore = Stopwatch.StartNew();
        Start(["restore", "--instance-dir", cold.Dir, .. files.SelectMany(f => new[] { "--image", f }), "--app", _woven, "--detach"]);
        Wait(() => InstanceMetadataFile.TryRead(cold.Metadata) is { State: InstanceState.Running or InstanceState.Failed }, "the fresh restore runs", TimeSpan.FromMinutes(5));
        var freshMs = restore.Elapsed.TotalMilliseconds;
        if (InstanceMetadataFile.TryRead(cold.Metadata)!.State == InstanceState.Failed) throw new InvalidOperationException(InstanceMetadataFile.TryRead(cold.Metadata)!.Error);
        Wait(() => Prints(cold), "the fresh restore prints", TimeSpan.FromMinutes(1));
        Ok(Send(cold, new ControlRequest { Op = ControlOps.Kill }));
        return (standbyMs, freshMs);
    }

    private static bool Prints(InstancePaths paths) =>
        File.Exists(paths.OutputLog) && new Ferry.Abstractions.Output.OutputLogReader(paths.OutputLog).ReadAvailable().Any();

    private static double LiveMegabytes(InstancePaths paths)
    {
        if (InstanceMetadataFile.TryRead(paths.Metadata)?.Pid is not int pid) return 0;
        using var process = Process.GetProcessById(pid);
        process.Refresh();
        return process.WorkingSet64 / 1e6;
    }

    private void Start(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Host);
        foreach (var a in args) start.ArgumentList.Add(a);
        var process = Process.Start(start)!;
        process.StandardInput.Close();
        process.StandardOutput.Close();
        process.StandardError.Close();
        _processes.Add(process);
    }

    private static string? Status(InstancePaths paths)
    {
        try
        {
            return Send(paths, new ControlRequest { Op = ControlOps.Status }).State;
        }
        catch (SocketException)
        {
            return null;
        }
    }

    private static ControlResponse Ok(ControlResponse response) =>
        response.Ok ? response : throw new InvalidOperationException(response.Error);

    private static ControlResponse Send(InstancePaths paths, ControlRequest request)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(paths.ControlSocket));
        using var stream = new NetworkStream(socket);
        stream.Write(JsonSerializer.SerializeToUtf8Bytes(request, FerryJsonContext.Default.ControlRequest));
        stream.WriteByte((byte)'\n');
        return JsonSerializer.Deserialize(new StreamReader(stream).ReadToEnd(), FerryJsonContext.Default.ControlResponse)!;
    }

    private static void Wait(Func<bool> condition, string what, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > timeout) throw new TimeoutException($"{what}: not within {timeout.TotalSeconds:0} s");
            Thread.Sleep(2);
        }
    }

    public void Dispose()
    {
        foreach (var p in _processes)
        {
            if (!p.HasExited) p.Kill(entireProcessTree: true);
            p.Dispose();
        }
        // Detached hosts are in sessions of their own: end any still recorded as running.
        foreach (var id in new[] { "aaaaaaaaaaaa", "bbbbbbbbbbbb", "cccccccccccc" })
            if (InstanceMetadataFile.TryRead(Instance(id).Metadata) is { HasEnded: false, Pid: int pid })
                try { Process.GetProcessById(pid).Kill(); } catch (ArgumentException) { }
        Directory.Delete(_dir, recursive: true);
    }
}
