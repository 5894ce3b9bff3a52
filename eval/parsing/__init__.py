"""Document-parsing evaluation set: résumés and job descriptions with hand-checked labels."""
