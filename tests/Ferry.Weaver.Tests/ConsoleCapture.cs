namespace Ferry.Weaver.Tests;

/// <summary>Runs code with Console.Out going to a string.</summary>
public static class ConsoleCapture
{
    private static readonly object s_lock = new();

    public static (string Output, T Result) Run<T>(Func<T> action)
    {
        lock (s_lock)
        {
            var original = Console.Out;
            var writer = new StringWriter();
            Console.SetOut(writer);
            try
            {
                var result = action();
                return (writer.ToString(), result);
            }
            finally
            {
                Console.SetOut(original);
            }
        }
    }
}
