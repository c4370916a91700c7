"""Web pages of assessment results: scorecard, heat map, rankings and their Excel exports."""
