"""Pictures and maps: uploaded, checked, stripped of metadata, credited."""
