using CellDino.Cli.Infrastructure;
using Xunit;

namespace CellDino.Cli.Tests;

/// <summary>The progress bar's rate and ETA on a fake clock: what a user reads at each report.</summary>
public sealed class ConsoleProgressTests
{
    private TimeSpan _now;
    private readonly StringWriter _err = new();

    private ConsoleProgress Bar(string unit, long start = 0, bool interactive = false) => new(_err, "step", unit, start, () => _now, interactive);

    private string[] Lines => _err.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void An_eta_over_a_day_keeps_counting_hours()
    {
        var bar = Bar("it");
        _now = TimeSpan.FromSeconds(10);
        bar.Report(1, 10_801); // 0.1 it/s, 10 800 to go: 30 hours
        Assert.EndsWith("1/10801 0.1 it/s ETA 30:00:00", Lines[^1]);
        Assert.Equal("30:00:00", ConsoleProgress.Eta(TimeSpan.FromHours(30)));
        Assert.Equal("00:01:05", ConsoleProgress.Eta(TimeSpan.FromSeconds(65)));
    }

    [Fact]
    public void A_resumed_run_rates_only_the_steps_since_it_resumed()
    {
        var bar = Bar("it", start: 1000);
        _now = TimeSpan.FromSeconds(20);
        bar.Report(1010, 2000); // 10 steps in 20 s, not 1010
        Assert.Contains("1010/2000 0.5 it/s ETA 00:33:00", Lines[^1]);
    }

    [Fact]
    public void Batch_sized_reports_count_every_image_of_the_first_batch()
    {
        // The real walk embedded 57 cells in one batch in ~3 s: 19 img/s, not 1/3 img/s.
        var bar = Bar("img");
        _now = TimeSpan.FromSeconds(3);
        bar.Report(57, 57);
        Assert.Contains("57/57 19 img/s ETA 00:00:00", Lines[^1]);

        var batches = Bar("img");
        _now = TimeSpan.FromSeconds(2);
        batches.Report(32, 128);
        _now = TimeSpan.FromSeconds(10); // redirected output redraws every 5 s
        batches.Report(64, 128);
        Assert.Contains("64/128 6.4 img/s ETA 00:00:10", Lines[^1]);
    }

    [Fact]
    public void No_rate_before_a_second_has_passed()
    {
        var bar = Bar("img");
        _now = TimeSpan.FromMilliseconds(5);
        bar.Report(1, 100);
        Assert.Contains("1/100 -- img/s ETA --:--:--", Lines[^1]);
        _now = TimeSpan.FromMilliseconds(900);
        bar.Report(100, 100); // the last report always draws
        Assert.Contains("100/100 -- img/s", Lines[^1]);
    }

    [Fact]
    public void A_message_such_as_the_cancel_notice_gets_a_line_of_its_own()
    {
        var bar = Bar("it", interactive: true);
        _now = TimeSpan.FromSeconds(2);
        bar.Report(3, 10);
        bar.Message("celldino: cancelled; finished outputs are complete, unfinished ones were not written.");
        var text = _err.ToString();
        // Whatever the terminal shows after the last carriage return before the message is the message alone.
        var line = text[(text.LastIndexOf('\r') + 1)..];
        Assert.Equal("celldino: cancelled; finished outputs are complete, unfinished ones were not written." + Environment.NewLine, line);
        Assert.StartsWith("\rstep [", text);
        _now = TimeSpan.FromSeconds(3);
        bar.Report(4, 10); // the bar redraws after a message, whatever the time since the last draw
        Assert.EndsWith("4/10 1.3 it/s ETA 00:00:04", _err.ToString().TrimEnd()); // 4 in 3 s, 6 to go
    }
}
