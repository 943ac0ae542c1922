namespace Ferry.Abstractions.Output;

/// <summary>One write the app made to stdout or stderr: its bytes (UTF-8) and when it happened.</summary>
public readonly record struct OutputRecord(OutputStream Stream, DateTimeOffset Time, ReadOnlyMemory<byte> Bytes);
