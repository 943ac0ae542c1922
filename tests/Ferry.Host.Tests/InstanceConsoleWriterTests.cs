using System.Text;
using Ferry.Abstractions.Output;
using Ferry.Host.Console;

namespace Ferry.Host.Tests;

public sealed class InstanceConsoleWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ferry-host-tests").FullName;
    private string LogPath => Path.Combine(_dir, "output.log");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private List<(OutputStream Stream, string Text)> Records() =>
        new OutputLogReader(LogPath).ReadAvailable().Select(r => (r.Stream, Encoding.UTF8.GetString(r.Bytes.Span))).ToList();

    [Fact]
    public void Each_write_is_one_record_and_a_line_is_never_split()
    {
        using (var log = new OutputLogWriter(LogPath))
        {
            var stdout = new InstanceConsoleWriter(OutputStream.Stdout, log, echo: null);
            var stderr = new InstanceConsoleWriter(OutputStream.Stderr, log, echo: null);
            stdout.WriteLine("first line");
            stderr.Write("warn: ");
            stderr.WriteLine(42);
            stdout.Write('x');
            stdout.WriteLine();
            stdout.WriteLine("{0}+{1}", 1, 2);
            stdout.WriteLine(2.5);
            stdout.WriteLine((object)"boxed");
            stdout.WriteLine(new StringBuilder("built"));
        }
        Assert.Equal(
            [
                (OutputStream.Stdout, "first line\n"),
                (OutputStream.Stderr, "warn: "),
                (OutputStream.Stderr, "42\n"),
                (OutputStream.Stdout, "x"),
                (OutputStream.Stdout, "\n"),
                (OutputStream.Stdout, "1+2\n"),
                (OutputStream.Stdout, "2.5\n"),
                (OutputStream.Stdout, "boxed\n"),
                (OutputStream.Stdout, "built\n"),
            ],
            Records());
    }

    [Fact]
    public void A_surrogate_pair_written_in_halves_stays_one_character()
    {
        using (var log = new OutputLogWriter(LogPath))
        {
            var stdout = new InstanceConsoleWriter(OutputStream.Stdout, log, echo: null);
            const string emoji = "😀";
            stdout.Write(emoji[0]);
            stdout.Write(emoji[1]);
            stdout.WriteLine(" é");
        }
        Assert.Equal("😀 é\n", string.Concat(Records().Select(r => r.Text)));
    }

    [Fact]
    public void In_the_foreground_the_same_bytes_go_to_the_terminal()
    {
        var terminal = new MemoryStream();
        using (var log = new OutputLogWriter(LogPath))
        {
            var stdout = new InstanceConsoleWriter(OutputStream.Stdout, log, terminal);
            stdout.WriteLine("héllo");
            stdout.Write("no newline");
        }
        Assert.Equal("héllo\nno newline", Encoding.UTF8.GetString(terminal.ToArray()));
        Assert.Equal("héllo\nno newline", string.Concat(Records().Select(r => r.Text)));
    }

    [Fact]
    public void A_terminal_that_went_away_does_not_stop_the_log()
    {
        using (var log = new OutputLogWriter(LogPath))
        {
            var stdout = new InstanceConsoleWriter(OutputStream.Stdout, log, new BrokenStream());
            stdout.WriteLine("one");
            stdout.WriteLine("two");
        }
        Assert.Equal(["one\n", "two\n"], Records().Select(r => r.Text));
    }

    private sealed class BrokenStream : MemoryStream
    {
        public override void Write(ReadOnlySpan<byte> buffer) => throw new IOException("broken pipe");
    }
}
