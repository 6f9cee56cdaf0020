"""Research enquiry: consent, projects, themes, coding (see issue 8)."""
