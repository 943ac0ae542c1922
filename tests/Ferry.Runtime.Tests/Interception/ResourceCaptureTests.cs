using System.Net;
using System.Net.Sockets;
using Ferry.Runtime.Capture;
using Ferry.Runtime.Imaging;
using Ferry.Runtime.Interception;

namespace Ferry.Runtime.Tests.Interception;

/// <summary>
/// Resources through the image's surrogates: what a checkpoint writes for them and what a restore makes
/// of it (here in one process: the original is closed before the copy is resolved, as a stopped
/// process would close it).
/// </summary>
public sealed class ResourceCaptureTests : IDisposable
{
    private readonly ViewScope _scope = new();

    public void Dispose() => _scope.Dispose();

    private static object Capture(object value)
    {
        Assert.True(new RuntimeSurrogates().TrySubstitute(value, out var surrogate));
        return surrogate!;
    }

    [Fact]
    public void WriterIsFlushedAndContinuesAtItsPositionInAnotherEnvironment()
    {
        DirectoryShims.CreateDirectory("/data");
        var writer = FileStreamShims.CreateWriter("/data/log.txt");
        writer.WriteLine("one");
        writer.WriteLine("two");
        var surrogate = (FileStreamReference)Capture(writer);
        Assert.Equal("/data/log.txt", surrogate.InsidePath);
        Assert.Equal(8, surrogate.Position);
        Assert.Equal("one\ntwo\n", File.ReadAllText(_scope.Host("/data/log.txt")));
        writer.Dispose();

        // Restore into a copy of the environment: the inside path re-maps under the new root.
        var old = _scope.View.Root;
        var other = _scope.Switch("other");
        Directory.CreateDirectory(other.Root + "/data");
        File.Copy(old + "/data/log.txt", other.Root + "/data/log.txt");
        var restored = (StreamWriter)new RuntimeSurrogates().Resolve(surrogate);
        restored.WriteLine("three");
        restored.Dispose();
        Assert.Equal("one\ntwo\nthree\n", File.ReadAllText(other.Root + "/data/log.txt"));
        Assert.Equal("one\ntwo\n", File.ReadAllText(old + "/data/log.txt"));
    }

    [Fact]
    public void ReaderResumesAtItsLogicalPositionNotTheStreams()
    {
        DirectoryShims.CreateDirectory("/data");
        FileShims.WriteAllLines("/data/in.txt", ["l1", "l2", "l3", "l4", "l5"]);
        var reader = FileStreamShims.CreateReader("/data/in.txt");
        Assert.Equal("l1", reader.ReadLine());
        Assert.Equal("l2", reader.ReadLine());
        // The reader has the whole file buffered: the stream is at its end.
        Assert.Equal(15, reader.BaseStream.Position);
        var surrogate = (FileStreamReference)Capture(reader);
        Assert.Equal(6, surrogate.Position);
        reader.Dispose();

        var restored = (StreamReader)new RuntimeSurrogates().Resolve(surrogate);
        Assert.Equal("l3", restored.ReadLine());
        Assert.Equal("l4", restored.ReadLine());
        Assert.Equal("l5", restored.ReadLine());
        Assert.Null(restored.ReadLine());
        restored.Dispose();
    }

    [Fact]
    public void ReaderAndItsStreamResolveToOneStream()
    {
        DirectoryShims.CreateDirectory("/data");
        FileShims.WriteAllText("/data/x.txt", "abc\ndef\n");
        var stream = FileStreamShims.Create("/data/x.txt", FileMode.Open, FileAccess.Read);
        var reader = new StreamReader(stream);
        Assert.Equal("abc", reader.ReadLine());
        var surrogates = new RuntimeSurrogates();
        var streamRef = Capture(stream);
        var readerRef = Capture(reader);
        reader.Dispose();
        var restoredStream = (FileStream)surrogates.Resolve(streamRef);
        var restoredReader = (StreamReader)surrogates.Resolve(readerRef);
        Assert.Same(restoredStream, restoredReader.BaseStream);
        Assert.Equal("def", restoredReader.ReadLine());
        restoredReader.Dispose();
    }

    [Fact]
    public void ClosedStreamsComeBackClosed()
    {
        DirectoryShims.CreateDirectory("/data");
        var writer = FileStreamShims.CreateWriter("/data/c.txt");
        writer.Dispose();
        var restored = (StreamWriter)new RuntimeSurrogates().Resolve(Capture(writer));
        Assert.Throws<ObjectDisposedException>(() => restored.Write("x"));
    }

    [Fact]
    public void ListenerIsReboundOnItsPort()
    {
        var listener = NetworkShims.NewTcpListener(IPAddress.Loopback, 0);
        NetworkShims.Start(listener);
        var port = ((IPEndPoint)NetworkShims.LocalEndpoint(listener)).Port;
        var surrogate = (ListenerReference)Capture(listener);
        Assert.Equal(port, surrogate.InsidePort);
        Assert.True(surrogate.Listening);
        NetworkShims.Stop(listener);

        var restored = (TcpListener)new RuntimeSurrogates().Resolve(surrogate);
        try
        {
            Assert.Equal(port, ((IPEndPoint)restored.LocalEndpoint).Port);
            using var client = NetworkShims.NewTcpClient("127.0.0.1", port);
            using var accepted = NetworkShims.AcceptTcpClient(restored);
            Assert.True(accepted.Connected);
        }
        finally
        {
            restored.Stop();
        }
    }

    [Fact]
    public void AnOpenConnectionRefusesTheCheckpointByName()
    {
        var listener = NetworkShims.NewTcpListener(IPAddress.Loopback, 0);
        NetworkShims.Start(listener);
        try
        {
            using var client = NetworkShims.NewTcpClient("127.0.0.1", ((IPEndPoint)listener.LocalEndpoint).Port);
            var e = Assert.Throws<CaptureFailedException>(() => new RuntimeSurrogates().TrySubstitute(client, out _));
            Assert.Contains("open network connection", e.Message);
            Assert.Throws<CaptureFailedException>(() => new RuntimeSurrogates().TrySubstitute(client.GetStream(), out _));
        }
        finally
        {
            NetworkShims.Stop(listener);
        }
    }

    [Fact]
    public void TimerKeepsItsScheduleAndComesBackArmed()
    {
        var fired = new ManualResetEventSlim();
        var timer = TimerShims.Create(_ => fired.Set(), null, 3_600_000, 1000);
        var surrogate = (TimerReference)Capture(timer);
        Assert.InRange(surrogate.DueMs, 3_500_000, 3_600_000);
        Assert.Equal(1000, surrogate.PeriodMs);
        Assert.False(surrogate.Disposed);
        timer.Dispose();
        Assert.True(((TimerReference)Capture(timer)).Disposed);

        surrogate.DueMs = 0;
        var restored = (Timer)new RuntimeSurrogates().Resolve(surrogate);
        // Armed only when the restore is complete.
        Assert.False(fired.Wait(200));
        TimerShims.ArmRestored();
        Assert.True(fired.Wait(TimeSpan.FromSeconds(30)));
        TimerShims.Dispose(restored);
    }
}
