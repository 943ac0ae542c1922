namespace Ferry.Abstractions.Output;

/// <summary>Which of the app's streams a piece of output was written to.</summary>
public enum OutputStream : byte
{
    Stdout = 1,
    Stderr = 2,
}
