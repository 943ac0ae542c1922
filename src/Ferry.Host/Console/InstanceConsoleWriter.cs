using System.Buffers;
using System.Text;
using Ferry.Abstractions.Output;

namespace Ferry.Host.Console;

/// <summary>
/// What the app sees as Console.Out or Console.Error: every write becomes one record of the instance's
/// output log (written through at once, so a kill loses nothing) and, in the foreground, goes to the
/// real stream too. A WriteLine is one record, so stdout and stderr lines never interleave mid-line.
/// </summary>
internal sealed class InstanceConsoleWriter(OutputStream stream, OutputLogWriter log, Stream? echo) : TextWriter
{
    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false);

    // Stateful, so a surrogate pair split over two Write(char) calls is still encoded right.
    private readonly Encoder _encoder = s_utf8.GetEncoder();
    private readonly Lock _lock = new();
    private Stream? _echo = echo;

    public override Encoding Encoding => s_utf8;

    public override void Write(char value) => Emit([value], newLine: false);
    public override void Write(char[] buffer, int index, int count) => Emit(buffer.AsSpan(index, count), newLine: false);
    public override void Write(ReadOnlySpan<char> buffer) => Emit(buffer, newLine: false);
    public override void Write(string? value) => Emit(value, newLine: false);
    public override void WriteLine() => Emit([], newLine: true);
    public override void WriteLine(string? value) => Emit(value, newLine: true);
    public override void WriteLine(ReadOnlySpan<char> buffer) => Emit(buffer, newLine: true);
    public override void WriteLine(char[] buffer, int index, int count) => Emit(buffer.AsSpan(index, count), newLine: true);

    // TextWriter writes these as the value, then the newline: two records. One line is one record.
    public override void WriteLine(char value) => Emit([value], newLine: true);
    public override void WriteLine(char[]? buffer) => Emit(buffer, newLine: true);
    public override void WriteLine(bool value) => WriteLine(value.ToString());
    public override void WriteLine(int value) => WriteLine(value.ToString(FormatProvider));
    public override void WriteLine(uint value) => WriteLine(value.ToString(FormatProvider));
    public override void WriteLine(long value) => WriteLine(value.ToString(FormatProvider));
    public override void WriteLine(ulong value) => WriteLine(value.ToString(FormatProvider));
    public override void WriteLine(float value) => WriteLine(value.ToString(FormatProvider));
    public override void WriteLine(double value) => WriteLine(value.ToString(FormatProvider));
    public override void WriteLine(decimal value) => WriteLine(value.ToString(FormatProvider));
    public override void WriteLine(StringBuilder? value) => WriteLine(value?.ToString());
    public override void WriteLine(object? value) => WriteLine(value is IFormattable f ? f.ToString(null, FormatProvider) : value?.ToString());

    public override void Flush()
    {
        lock (_lock) _echo?.Flush();
    }

    private void Emit(ReadOnlySpan<char> chars, bool newLine)
    {
        lock (_lock)
        {
            var newLineChars = newLine ? CoreNewLine.AsSpan() : [];
            var max = s_utf8.GetMaxByteCount(chars.Length + newLineChars.Length);
            var rented = ArrayPool<byte>.Shared.Rent(max);
            try
            {
                var count = _encoder.GetBytes(chars, rented, flush: false);
                if (newLine) count += _encoder.GetBytes(newLineChars, rented.AsSpan(count), flush: false);
                if (count == 0) return;
                var bytes = rented.AsSpan(0, count);
                log.Append(stream, bytes);
                WriteEcho(bytes);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private void WriteEcho(ReadOnlySpan<byte> bytes)
    {
        if (_echo is null) return;
        try
        {
            _echo.Write(bytes);
        }
        catch (IOException)
        {
            _echo = null; // the terminal or pipe went away; the log still has everything
        }
    }
}
