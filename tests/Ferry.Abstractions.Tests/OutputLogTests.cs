using System.Text;
using Ferry.Abstractions.Output;

namespace Ferry.Abstractions.Tests;

public sealed class OutputLogTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private string LogPath => Path.Combine(_dir.Path, "output.log");

    public void Dispose() => _dir.Dispose();

    private static string Text(OutputRecord r) => Encoding.UTF8.GetString(r.Bytes.Span);

    [Fact]
    public void Records_come_back_in_order_with_their_streams()
    {
        using (var log = new OutputLogWriter(LogPath))
        {
            log.Append(OutputStream.Stdout, "one\n"u8);
            log.Append(OutputStream.Stderr, "two\n"u8);
            log.Append(OutputStream.Stdout, "three"u8);
        }
        var records = new OutputLogReader(LogPath).ReadAvailable();
        Assert.Equal(["one\n", "two\n", "three"], records.Select(Text));
        Assert.Equal([OutputStream.Stdout, OutputStream.Stderr, OutputStream.Stdout], records.Select(r => r.Stream));
        Assert.All(records, r => Assert.True(DateTimeOffset.UtcNow - r.Time < TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void Empty_writes_leave_no_record()
    {
        using (var log = new OutputLogWriter(LogPath)) log.Append(OutputStream.Stdout, []);
        Assert.Empty(new OutputLogReader(LogPath).ReadAvailable());
    }

    [Fact]
    public void A_reopened_log_is_appended_to()
    {
        using (var log = new OutputLogWriter(LogPath)) log.Append(OutputStream.Stdout, "a"u8);
        using (var log = new OutputLogWriter(LogPath)) log.Append(OutputStream.Stdout, "b"u8);
        Assert.Equal(["a", "b"], new OutputLogReader(LogPath).ReadAvailable().Select(Text));
    }

    [Fact]
    public void A_reader_continues_where_it_stopped()
    {
        using var log = new OutputLogWriter(LogPath);
        var reader = new OutputLogReader(LogPath);
        Assert.Empty(reader.ReadAvailable());
        log.Append(OutputStream.Stdout, "first"u8);
        Assert.Equal(["first"], reader.ReadAvailable().Select(Text));
        Assert.Empty(reader.ReadAvailable());
        log.Append(OutputStream.Stderr, "second"u8);
        Assert.Equal(["second"], reader.ReadAvailable().Select(Text));
    }

    [Fact]
    public void An_incomplete_last_record_is_not_read_at_any_cut()
    {
        using (var log = new OutputLogWriter(LogPath))
        {
            log.Append(OutputStream.Stdout, "complete\n"u8);
            log.Append(OutputStream.Stderr, "cut short\n"u8);
        }
        var whole = File.ReadAllBytes(LogPath);
        var firstEnd = OutputLogFormat.Magic.Length + OutputLogFormat.RecordHeaderSize + "complete\n".Length;
        for (var cut = firstEnd; cut < whole.Length; cut++)
        {
            File.WriteAllBytes(LogPath, whole[..cut]);
            Assert.Equal(["complete\n"], new OutputLogReader(LogPath).ReadAvailable().Select(Text));
        }
    }

    [Fact]
    public void A_file_that_is_not_an_output_log_is_refused()
    {
        File.WriteAllText(LogPath, "just some text that is long enough");
        Assert.Throws<InvalidDataException>(() => new OutputLogReader(LogPath).ReadAvailable());
    }

    [Fact]
    public void Concurrent_writers_never_interleave_within_a_record()
    {
        using (var log = new OutputLogWriter(LogPath))
        {
            Parallel.For(0, 400, i => log.Append(i % 2 == 0 ? OutputStream.Stdout : OutputStream.Stderr, Encoding.UTF8.GetBytes($"record {i} " + new string('x', i % 50))));
        }
        var records = new OutputLogReader(LogPath).ReadAvailable();
        Assert.Equal(400, records.Count);
        Assert.All(records, r => Assert.Matches(@"^record (\d+) x*$", Text(r)));
    }
}
