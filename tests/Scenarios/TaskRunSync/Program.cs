// Task.Run with synchronous bodies: app code on pool threads, the main thread blocked in waits.
namespace TaskRunSync;

internal static class Program
{
    // Sum of the odd numbers below limit, one loop iteration per number (a safe point each).
    private static int OddSum(int limit)
    {
        int sum = 0;
        for (int n = 1; n < limit; n += 2) sum += n;
        return sum;
    }

    private static int Main()
    {
        Task<int> single = Task.Run(() => OddSum(60));
        int odd60 = single.Result;
        Console.WriteLine($"odd sum below 60: {odd60}");

        var results = new int[4];
        Task[] batch = new Task[4];
        for (int i = 0; i < batch.Length; i++)
        {
            int idx = i;
            batch[i] = Task.Run(() => { results[idx] = OddSum(10 + idx * 10); });
        }
        Task.WaitAll(batch);
        Console.WriteLine("batch " + string.Join(',', results));

        var typed = new List<Task<string>>();
        for (int i = 0; i < 3; i++)
        {
            int n = i + 3;
            typed.Add(Task.Run(() =>
            {
                string s = "";
                for (int k = 0; k < n; k++) s += (char)('a' + k);
                return s;
            }));
        }
        var texts = new List<string>();
        foreach (Task<string> t in typed) texts.Add(t.GetAwaiter().GetResult());
        Console.WriteLine("typed " + string.Join(' ', texts));

        int chained = 0;
        Task first = Task.Run(() => { for (int i = 0; i < 10; i++) chained += i; });
        first.Wait();
        Task second = Task.Run(() => { for (int i = 0; i < 10; i++) chained *= 2; });
        second.Wait();
        Console.WriteLine($"chained={chained}");

        if (odd60 != 900) return Fail(11, "odd60");
        if (string.Join(',', results) != "25,100,225,400") return Fail(12, "batch");
        if (string.Join(' ', texts) != "abc abcd abcde") return Fail(13, "typed");
        if (chained != 45 * 1024) return Fail(14, "chained");
        Console.WriteLine("verify: ok");
        return 0;
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"FAIL({code}): {message}");
        return code;
    }
}
