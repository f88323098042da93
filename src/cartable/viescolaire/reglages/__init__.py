"""The direction's counting settings (« Décompte des absences »): half-day boundary, mode, alert threshold,
each from a date, audited; @reglages-decompte (REST) and @@reglages-decompte (the page)."""
