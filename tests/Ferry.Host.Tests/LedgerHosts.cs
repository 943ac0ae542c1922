using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Ferry.Abstractions;
using Ferry.Abstractions.Control;
using Ferry.Abstractions.Instances;
using Ferry.Tests.Support;

namespace Ferry.Host.Tests;

/// <summary>
/// Hosts of the woven ledger fixture (PrecopyLedger, write barriers on) under a temporary FERRY_HOME: started as
/// real Ferry.Host processes whose output is collected, asked over their control sockets; ended and deleted at the end.
/// </summary>
internal sealed class LedgerHosts : IDisposable
{
    /// <summary>
    /// The tests that run ledgers, one at a time: each keeps two cores busy, and the pre-copy test's sizes
    /// (what the final round carries against what went before) depend on the ledger's pace.
    /// </summary>
    public const string Collection = "ledger hosts";

    private readonly List<Hosted> _started = [];
    private string? _woven;

    public string Dir { get; } = Directory.CreateTempSubdirectory("ferry-ledger").FullName;

    public static string Host => RecordedPath.Of("Ferry.Host");

    public static string Ledger => RecordedPath.Of("PrecopyLedger");

    public InstancePaths Instance(string id) => new FerryHome(Dir).Instance(id);

    /// <summary>The ledger, woven with write barriers (once).</summary>
    public string Woven()
    {
        if (_woven is not null) return _woven;
        var app = Path.Combine(Dir, "app");
        Directory.CreateDirectory(app);
        foreach (var f in Directory.GetFiles(Path.GetDirectoryName(Ledger)!, "PrecopyLedger*")) File.Copy(f, Path.Combine(app, Path.GetFileName(f)));
        return _woven = new Weaver.AppWeaver { WriteBarriers = true }.WeaveApp(Path.Combine(app, "PrecopyLedger.dll"), Path.Combine(Dir, "woven")).EntryAssemblyPath;
    }

    /// <summary>Start Ferry.Host with <paramref name="args"/> for the instance at <paramref name="paths"/>; its stdout is collected.</summary>
    public Hosted Start(InstancePaths paths, IEnumerable<string> args)
    {
        var hosted = new Hosted(paths, DotnetProcess.Start(Host, args));
        _started.Add(hosted);
        return hosted;
    }

    public Hosted Run(InstancePaths paths, string steps) => Start(paths, ["run", "--instance-dir", paths.Dir, "--app", Woven(), "--", steps]);

    public Hosted Standby(InstancePaths paths) => Start(paths, ["restore", "--standby", "--instance-dir", paths.Dir, "--app", Woven()]);

    public string RoundPath(string name) => Path.Combine(Dir, "rounds", name);

    /// <summary>One request on the control socket of <paramref name="paths"/>, its answer.</summary>
    public static ControlResponse Send(InstancePaths paths, ControlRequest request)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(paths.ControlSocket));
        using var stream = new NetworkStream(socket);
        stream.Write(JsonSerializer.SerializeToUtf8Bytes(request, FerryJsonContext.Default.ControlRequest));
        stream.WriteByte((byte)'\n');
        var line = new StreamReader(stream).ReadToEnd();
        return JsonSerializer.Deserialize(line, FerryJsonContext.Default.ControlResponse)!;
    }

    public void Dispose()
    {
        foreach (var hosted in _started) hosted.Dispose();
        Directory.Delete(Dir, recursive: true);
    }

    /// <summary>A running host and what it printed.</summary>
    internal sealed class Hosted : IDisposable
    {
        private readonly StringBuilder _printed = new();
        private readonly Thread _reading;

        public Hosted(InstancePaths paths, Process process)
        {
            Paths = paths;
            Process = process;
            _reading = new Thread(() =>
            {
                var buffer = new char[4096];
                int n;
                while ((n = process.StandardOutput.Read(buffer, 0, buffer.Length)) > 0)
                {
                    lock (_printed) _printed.Append(buffer, 0, n);
                }
            });
            _reading.Start();
        }

        public InstancePaths Paths { get; }

        public Process Process { get; }

        public string Printed
        {
            get
            {
                lock (_printed) return _printed.ToString();
            }
        }

        public int Lines => Printed.Count(c => c == '\n');

        public ControlResponse Send(ControlRequest request) => LedgerHosts.Send(Paths, request);

        /// <summary>Waits for the host to end (all its output read); its exit code.</summary>
        public int Exit(TimeSpan? timeout = null)
        {
            Assert.True(Process.WaitForExit(timeout ?? TimeSpan.FromSeconds(60)), "the host did not end");
            _reading.Join();
            return Process.ExitCode;
        }

        public string Stderr => Process.HasExited ? Process.StandardError.ReadToEnd() : "";

        public void Dispose()
        {
            if (!Process.HasExited) Process.Kill(entireProcessTree: true);
            Process.WaitForExit();
            _reading.Join();
            Process.Dispose();
        }
    }
}
